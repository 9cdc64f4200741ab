import Foundation
import Pony
import Testing

@Entity final class Latch {
    var label: String
    init(label: String) { self.label = label }
}

/// A SQLite file whose write lock another process holds past the busy timeout: the session fails with
/// ``PonyError/busy(_:)`` once the timeout has passed — not at once, and not never.
@Suite("A database locked by another process", .serialized, .syncSessionsInTests,
       .disabled(if: TestDatabaseKind.isPostgreSQL, "SQLite files: run in the SQLite pass"))
struct LockedDatabaseTests {
    @Test func aWriterFailsWithBusyAfterTheTimeoutWhileAnotherProcessHoldsTheLock() async throws {
        let folder = try temporaryFolder("locked")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "locked.sqlite").path
        let db = Database()
        try db.bind(.sqlite(path: path, create: true))
        try db.generateMapping([Latch.self], createTables: true)
        defer { try? db.disconnect() }
        // The child maps its entities first (that takes the write lock briefly), then this process takes the
        // lock and keeps it while the child writes: two marker files order the steps across the processes.
        let mapped = folder.appending(path: "mapped").path
        let locked = folder.appending(path: "locked").path
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            guard waitForFile(mapped) else { return }
            try? db.session {
                _ = try db.execute(sql: "INSERT INTO \"Latch\" (\"label\") VALUES ('held')")
                _ = FileManager.default.createFile(atPath: locked, contents: nil)
                release.wait()
            }
        }
        holder.start()
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            [path = path as String, mapped = mapped as String, locked = locked as String] in
            let other = Database()
            try other.bind(try DatabaseSettings(url: "sqlite:///\(path)", busyTimeout: .milliseconds(300)))
            try other.generateMapping([Latch.self])
            _ = FileManager.default.createFile(atPath: mapped, contents: nil)
            guard waitForFile(locked) else { failChild("the other process never took the lock") }
            let start = ContinuousClock.now
            do {
                try await other.session { _ = Latch(label: "waiting") }
                failChild("the write succeeded while another process held the lock")
            } catch PonyError.busy {
                let waited = ContinuousClock.now - start
                if waited < .milliseconds(300) || waited > .seconds(10) { failChild("busy after \(waited), the timeout is 300 ms") }
                exit(0)
            } catch {
                failChild("\(error)")
            }
        }
        release.signal()
        #expect(childFailure(in: result) == nil)
        #expect(try await db.session { try Latch.count() } == 1, "the holder's session committed after the other process gave up")
    }
}
