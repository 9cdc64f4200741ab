import Foundation
import Pony
import Testing

@Entity final class Ticket {
    var title: String
    init(title: String) { self.title = title }
}

/// A fresh database with `Ticket` mapped, created off any task.
func ticketDatabase() throws -> Database {
    try blockingOnThread { try makeDatabase([Ticket.self]) }
}

/// A synchronous helper that opens a session — fine on its own, PONY003 when a task calls it.
func countTickets(_ db: Database) throws -> Int {
    try db.session { try Ticket.count() }
}
/// The line of the session in `countTickets`, as runtime-check messages name it.
let countTicketsSessionLine = #line - 3

@DBSession
func addTicket(_ title: String) throws {
    _ = Ticket(title: title)
}

/// Keeps a manual session alive after its thread exits.
nonisolated(unsafe) var strandedSession: ManualSession?

/// Each runtime check, provoked in a child process with the default settings of a debug build (checks trap),
/// next to the correct pattern running clean.
@Suite("Runtime checks", .serialized)
struct RuntimeCheckTests {
    /// The exit test's standard error, with the database named as SQLite's `':memory:'` whichever database
    /// the suite runs on, so one expected message serves both, and each call site in this file written
    /// `<site>` (``aSessionHelperCalledFromATaskTrapsWithPONY003()`` checks a site exactly).
    static func stderr(_ result: ExitTest.Result?) -> String {
        TestDatabaseKind.namingMemory(String(decoding: result?.standardErrorContent ?? [], as: UTF8.self))
            .replacing(#/ at PonyTests\/RuntimeCheckTests\.swift:\d+/#, with: " at <site>")
    }

    /// The exit test's standard error as the process wrote it (but for the database's name).
    static func rawStderr(_ result: ExitTest.Result?) -> String {
        TestDatabaseKind.namingMemory(String(decoding: result?.standardErrorContent ?? [], as: UTF8.self))
    }

    static let prefix = "Pony runtime check failed: "

    // MARK: PONY003

    @Test func aSessionHelperCalledFromATaskTrapsWithPONY003() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let db = try ticketDatabase()
            _ = try countTickets(db)
        }
        let message = Self.rawStderr(result)
        #expect(message.hasPrefix(Self.prefix + "PONY003 (blocking-session-in-async-context): a synchronous session was entered in a Swift task that is not running on the main actor (a synchronous `session { … }` at PonyTests/RuntimeCheckTests.swift:\(countTicketsSessionLine) on ':memory:' was entered on thread 0x"))
        #expect(message.contains("Use the async bridge `try await db.session { … }`, which runs the session on the database's own thread. Run 'pony-lint explain PONY003' for details.\n"))
    }

    @Test func aDBSessionFunctionCalledFromATaskTrapsWithPONY003() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try ticketDatabase()
            try addTicket("x")
        }
        #expect(Self.stderr(result).contains("PONY003 (blocking-session-in-async-context): a synchronous session was entered in a Swift task that is not running on the main actor (`@DBSession` function 'addTicket()' declared at <site> was entered"))
    }

    @Test func openSessionInATaskTrapsWithPONY003() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let db = try ticketDatabase()
            let session = try db.openSession()
            session.close()
        }
        #expect(Self.stderr(result).contains("PONY003 (blocking-session-in-async-context): a synchronous session was entered in a Swift task that is not running on the main actor (`openSession()` at <site> on ':memory:' was entered"))
    }

    @Test func theAsyncBridgeNeverTripsPONY003() async throws {
        await #expect(processExitsWith: .success) {
            let db = try ticketDatabase()
            try await db.session { _ = Ticket(title: "bridged") }
            let count = try await db.session { try Ticket.count() }
            guard count == 1 else { exit(3) }
        }
    }

    // MARK: PONY002

    @Test func suspendingInsideAManualSessionTrapsWithPONY002EvenWithPONY003Disabled() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            PonyChecks.disabled = ["PONY003"]
            let db = try ticketDatabase()
            try await withOtherWorkersBusy {
                let session = try db.openSession()
                await Task.yield()
                try session.commit()
            }
        }
        #expect(Self.stderr(result).contains(Self.prefix + "PONY002 (await-in-session): a task suspended while its database session was open (task 0x"))
        #expect(Self.stderr(result).contains("the session of `openSession()` at <site> on ':memory:' was still open"))
        #expect(Self.stderr(result).contains("it suspended inside the session"))
    }

    @Test func sleepingInsideASessionTrapsWithPONY002() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            PonyChecks.disabled = ["PONY003"]
            let db = try ticketDatabase()
            let session = try db.openSession()
            // Long enough that the task has finished suspending before the timer wakes it: a wake-up that
            // comes first resumes it without an enqueue the hook could see (Rules/PONY002.md), which a 1 ms
            // sleep on a loaded 2-core CI machine did once.
            try await Task.sleep(for: .milliseconds(100))
            session.close()
        }
        #expect(Self.stderr(result).contains("PONY002 (await-in-session)"))
    }

    /// Turning checks off removes the scheduling hook and the next session on a task installs it again, while
    /// other tasks keep being scheduled through it. Under ThreadSanitizer (scripts/sanitize) this is also the
    /// test that the hook's record of the hook before it is read and re-written without a race.
    @Test func checksTurnedOffAndOnAgainWhileTasksRunStillTrapPONY002() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            PonyChecks.disabled = ["PONY003"]
            let db = try ticketDatabase()
            let churn = Task.detached { while !Task.isCancelled { await Task.yield() } }
            for _ in 0..<50 {
                try db.openSession().close()
                PonyChecks.mode = .off
                PonyChecks.mode = .trap
                await Task.yield()
            }
            churn.cancel()
            let session = try db.openSession()
            try await Task.sleep(for: .milliseconds(100))
            session.close()
        }
        #expect(Self.stderr(result).contains("PONY002 (await-in-session)"))
    }

    @Test func aContinuationResumedFromAnotherThreadTrapsWithPONY002() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            PonyChecks.disabled = ["PONY003"]
            let db = try ticketDatabase()
            let session = try db.openSession()
            await withCheckedContinuation { continuation in
                // Resume only once the task has really suspended: a continuation resumed before that
                // never re-enqueues the task, which no check can observe.
                Thread {
                    Thread.sleep(forTimeInterval: 0.2)
                    continuation.resume()
                }.start()
            }
            session.close()
        }
        #expect(Self.stderr(result).contains("PONY002 (await-in-session)"))
    }

    @Test func awaitingOnlyAfterTheSessionEndsRunsClean() async throws {
        await #expect(processExitsWith: .success) {
            PonyChecks.disabled = ["PONY003"]
            let db = try ticketDatabase()
            do {
                let session = try db.openSession()
                defer { session.close() }
                _ = Ticket(title: "short")
                try session.commit()
            }
            await Task.yield()
            try await Task.sleep(for: .milliseconds(1))
            let count = try await db.session { try Ticket.count() }
            guard count == 1 else { exit(3) }
        }
    }

    // MARK: PONY004

    @Test func deletingAfterTheSessionTrapsWithPONY004() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                let ticket = try db.session { Ticket(title: "a") }
                try ticket.delete()
            }
        }
        #expect(Self.stderr(result).hasPrefix(Self.prefix + "PONY004 (entity-escapes-session): an entity was used after its database session ended (Cannot delete Ticket[1] at <site>)."))
    }

    @Test func snapshotsAfterTheSessionRunClean() async throws {
        await #expect(processExitsWith: .success) {
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                let snapshot = try db.session { try Ticket(title: "a").snapshot() }
                let ticket = try db.session { try Ticket[snapshot.id] }
                guard ticket.title == "a", try ticket.snapshot() == snapshot else { exit(3) }
            }
        }
    }

    @Test func inReportModeAWriteAfterTheSessionIsLoggedAndNotSaved() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            PonyChecks.mode = .report
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                let ticket = try db.session { Ticket(title: "a") }
                ticket.title = "b"
                let stored = try db.session { try db.select(sql: "SELECT title FROM \"Ticket\"")[0].decode("title", as: String.self) }
                guard ticket.title == "b", stored == "a" else { exit(3) }
            }
        }
        let log = Self.stderr(result)
        #expect(log.contains("error"))
        #expect(log.components(separatedBy: "PONY004 (entity-escapes-session)").count == 2, "logged once per occurrence")
    }

    // MARK: PONY005

    @Test func readingAnEntityFromAnotherThreadWhileItsSessionIsOpenTrapsWithPONY005() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                let session = try db.openSession()
                defer { session.close() }
                let ticket = Ticket(title: "shared")
                nonisolated(unsafe) let shared = ticket
                _ = try blockingOnThread { shared.title }
            }
        }
        #expect(Self.stderr(result).contains(Self.prefix + "PONY005 (task-in-session): a session or one of its entities was used from a thread or task that does not own it (reading new Ticket on thread 0x"))
    }

    @Test func assigningANewEntityFromAnotherThreadTrapsWithPONY005() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                let session = try db.openSession()
                defer { session.close() }
                nonisolated(unsafe) let ticket = Ticket(title: "new")
                try blockingOnThread { ticket.title = "changed elsewhere" }
            }
        }
        #expect(Self.stderr(result).contains("PONY005 (task-in-session): a session or one of its entities was used from a thread or task that does not own it (assigning new Ticket.title on thread 0x"))
    }

    @Test func closingAManualSessionFromAnotherThreadTrapsWithPONY005() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                nonisolated(unsafe) let session = try db.openSession()
                try blockingOnThread { session.close() }
            }
        }
        #expect(Self.stderr(result).contains("PONY005 (task-in-session): a session or one of its entities was used from a thread or task that does not own it (close() of a manual session at <site> on thread 0x"))
    }

    @Test func readingLoadedValuesFromAnotherThreadAfterTheSessionRunsClean() async throws {
        await #expect(processExitsWith: .success) {
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                nonisolated(unsafe) let ticket = try db.session { Ticket(title: "done") }
                let title = try blockingOnThread { ticket.title }
                guard title == "done" else { exit(3) }
            }
        }
    }

    // MARK: PONY006

    @Test func droppingAnOpenManualSessionTrapsWithPONY006() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                func abandon() throws {
                    let session = try db.openSession()
                    _ = session
                }
                try abandon()
            }
        }
        #expect(Self.stderr(result).hasPrefix(Self.prefix + "PONY006 (unclosed-manual-session): a manual session was abandoned while still open (the manual session of `openSession()` at <site> on ':memory:' was deinitialized while still open; it is rolled back). Add `defer { session.close() }` right after `openSession()`. Run 'pony-lint explain PONY006' for details.\n"))
    }

    @Test func aThreadExitingWithAnOpenSessionTrapsWithPONY006() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let db = try ticketDatabase()
            try blockingOnThread {
                strandedSession = try db.openSession()
            }
            try await Task.sleep(for: .seconds(1))
        }
        #expect(Self.stderr(result).contains("PONY006 (unclosed-manual-session): a manual session was abandoned while still open (thread 0x"))
        #expect(Self.stderr(result).contains("exited while the session of `openSession()` at <site> on ':memory:' was open; it is rolled back)"))
    }

    @Test func inReportModeADroppedSessionIsLoggedAndRolledBack() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            PonyChecks.mode = .report
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                func abandon() throws {
                    let session = try db.openSession()
                    _ = Ticket(title: "lost")
                    try db.flush()
                    _ = session
                }
                try abandon()
                guard try db.session({ try Ticket.count() }) == 0 else { exit(3) }
            }
        }
        #expect(Self.stderr(result).components(separatedBy: "PONY006 (unclosed-manual-session)").count == 2)
    }

    @Test func aDeferredCloseRunsClean() async throws {
        await #expect(processExitsWith: .success) {
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                let session = try db.openSession()
                defer { session.close() }
                _ = Ticket(title: "kept")
                try session.commit()
            }
        }
    }

    // MARK: Report mode

    @Test func inReportModeABlockingSessionIsLoggedOnceAndRuns() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            PonyChecks.mode = .report
            let db = try ticketDatabase()
            try blockingOnThread { try db.session { _ = Ticket(title: "t") } }
            guard try countTickets(db) == 1 else { exit(3) }
        }
        #expect(Self.stderr(result).components(separatedBy: "PONY003 (blocking-session-in-async-context)").count == 2)
    }

    @Test func inReportModeASuspensionInsideASessionIsLoggedAndTheWorkCompletes() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            PonyChecks.mode = .report
            PonyChecks.disabled = ["PONY003"]
            let db = try ticketDatabase()
            try await withOtherWorkersBusy {
                let session = try db.openSession()
                _ = Ticket(title: "t")
                await Task.yield()
                try session.commit()
            }
            guard try await db.session({ try Ticket.count() }) == 1 else { exit(3) }
        }
        #expect(Self.stderr(result).components(separatedBy: "PONY002 (await-in-session)").count == 2)
    }

    @Test func inReportModeUseFromAnotherThreadIsLoggedAndContinues() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            PonyChecks.mode = .report
            try blockingOnThread {
                let db = try makeDatabase([Ticket.self])
                let session = try db.openSession()
                defer { session.close() }
                nonisolated(unsafe) let ticket = Ticket(title: "shared")
                guard try blockingOnThread({ ticket.title }) == "shared" else { exit(3) }
            }
        }
        #expect(Self.stderr(result).components(separatedBy: "PONY005 (task-in-session)").count == 2)
    }

    // MARK: Settings

    @Test func checksOffSkipsEveryCheck() async throws {
        await #expect(processExitsWith: .success) {
            PonyChecks.mode = .off
            let db = try ticketDatabase()
            _ = try countTickets(db)
            let session = try db.openSession()
            await Task.yield()
            session.close()
        }
    }

    @Test func aDisabledRuleIsSkipped() async throws {
        await #expect(processExitsWith: .success) {
            PonyChecks.disabled = ["PONY003"]
            let db = try ticketDatabase()
            _ = try countTickets(db)
        }
    }
}
