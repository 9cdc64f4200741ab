import Foundation
import Pony
import Testing

@Entity final class CrashRow {
    var batch: Int
    var part: Int
    var text: String
    init(batch: Int, part: Int, text: String) {
        self.batch = batch
        self.part = part
        self.text = text
    }
}

/// A process killed with SIGKILL in the middle of a burst of sessions on a WAL file (the default settings):
/// every session that returned is in the file when it is opened again, and none that had not returned is in
/// it partly. Each round kills the child at another random moment.
@Suite("Killed in the middle of writing", .serialized, .disabled(if: TestDatabaseKind.isPostgreSQL, "SQLite files: run in the SQLite pass"))
struct CrashDurabilityTests {
    static let partsPerSession = 3

    @Test(arguments: 0..<12)
    func everyReturnedSessionSurvivesAndNoneIsPartlyThere(round: Int) async throws {
        let folder = try temporaryFolder("crash")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "burst.sqlite").path
        let result = await #expect(processExitsWith: .signal(SIGKILL), observing: [\.standardOutputContent]) { [path = path as String] in
            let db = Database()
            try db.bind(.sqlite(path: path, create: true))
            try db.generateMapping([CrashRow.self], createTables: true)
            let delay = UInt32.random(in: 20_000...120_000)
            Thread.detachNewThread {
                usleep(delay)
                kill(getpid(), SIGKILL)
            }
            for batch in 0... {
                try await db.session {
                    for part in 0..<CrashDurabilityTests.partsPerSession {
                        _ = CrashRow(batch: batch, part: part, text: String(repeating: "x", count: 200))
                    }
                }
                writeLine("\(batch)")
            }
        }
        let returned = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
        let db = Database()
        try db.bind(.sqlite(path: path))
        try db.generateMapping([CrashRow.self])
        defer { try? db.disconnect() }
        let (parts, integrity) = try await db.session {
            let rows = try CrashRow.select().fetch()
            return (Dictionary(grouping: rows, by: \.batch).mapValues(\.count), try db.select(sql: "PRAGMA integrity_check")[0].decode("integrity_check", as: String.self))
        }
        #expect(integrity == "ok")
        #expect(!returned.isEmpty, "sessions returned before the kill")
        for batch in returned {
            #expect(parts[batch] == Self.partsPerSession, "session \(batch) returned before the kill")
        }
        for (batch, count) in parts {
            #expect(count == Self.partsPerSession, "session \(batch) is in the file with \(count) of its rows")
        }
        let last = returned.max() ?? -1
        #expect(parts.keys.allSatisfy { $0 <= last + 1 }, "only the session running at the kill may have committed unreported")
    }
}
