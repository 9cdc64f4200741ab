import Foundation
import InMemoryLogging
import Logging
import Pony
import Testing

/// Runs `provoke` with the checks in `.report` mode and an in-memory logger, then ends the child process:
/// successfully when exactly one report was logged, for `rule`, with `site` as its `site` metadata; otherwise
/// with a failure naming what was logged.
func expectOneReport(_ rule: String, site: String, _ provoke: () async throws -> Void) async -> Never {
    let handler = InMemoryLogHandler()
    PonyChecks.mode = .report
    PonyChecks.logger = Logger(label: "test.checks") { _ in handler }
    do {
        try await provoke()
    } catch {
        failChild("\(error) after reports \(handler.entries.map(\.message))")
    }
    let reports = handler.entries.map { "rule=\($0.metadata["rule"] ?? "-") site=\($0.metadata["site"] ?? "-")" }
    guard reports == ["rule=\(rule) site=\(site)"] else { failChild("reports: \(reports)") }
    exit(0)
}

// The calls the tests provoke, outside the exit tests' bodies (where every line reads as the `#expect` line),
// each with the line its reports must name.

/// A `@DBSession` function's reports name its declaration (the attribute's line): it cannot know its callers.
let addTicketDeclarationLine = #line + 1
@DBSession
func addTicketInReportSiteTests(_ title: String) throws {
    _ = Ticket(title: title)
}

func deleteAfterTheSession(_ ticket: Ticket) {
    _ = try? ticket.delete()
}
let deleteLine = #line - 2

/// Opens a manual session on a thread and commits it from another thread.
func commitFromAnotherThread(_ db: Database) throws {
    try blockingOnThread {
        let session = try db.openSession()
        defer { session.close() }
        try blockingOnThread { try? session.commit() }
    }
}
let commitLine = #line - 3

@Suite("Runtime-check reports name the user's line (site metadata)")
struct CheckReportSiteTests {
    @Test func aBlockingSessionReportNamesTheSessionCall() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let db = try ticketDatabase()
            await expectOneReport("PONY003", site: "PonyTests/RuntimeCheckTests.swift:\(countTicketsSessionLine)") {
                _ = try countTickets(db)
            }
        }
        #expect(childFailure(in: result) == nil)
    }

    @Test func aDBSessionFunctionReportNamesItsDeclaration() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let db = try ticketDatabase()
            await expectOneReport("PONY003", site: "PonyTests/CheckReportSiteTests.swift:\(addTicketDeclarationLine)") {
                try withExtendedLifetime(db) { try addTicketInReportSiteTests("from a task") }
            }
        }
        #expect(childFailure(in: result) == nil)
    }

    @Test func aDeleteAfterTheSessionReportNamesTheDeleteCall() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let db = try ticketDatabase()
            let ticket = try blockingOnThread { try db.session { Ticket(title: "kept") } }
            await expectOneReport("PONY004", site: "PonyTests/CheckReportSiteTests.swift:\(deleteLine)") {
                deleteAfterTheSession(ticket)
            }
        }
        #expect(childFailure(in: result) == nil)
    }

    @Test func aManualCommitFromAnotherThreadReportNamesTheCommitCall() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let db = try ticketDatabase()
            await expectOneReport("PONY005", site: "PonyTests/CheckReportSiteTests.swift:\(commitLine)") {
                try commitFromAnotherThread(db)
            }
        }
        #expect(childFailure(in: result) == nil)
    }
}
