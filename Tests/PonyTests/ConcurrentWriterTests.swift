import Foundation
import Pony
import Testing

@Entity final class Counter {
    var name: String
    var value: Int = 0
    var label: String = ""
    init(name: String) {
        self.name = name
    }
}

/// Real concurrent writers: sessions on two threads (or 100 tasks), interleaved so that one reads a row
/// before the other's change commits (the other writes with raw SQL, as another app or instance would). On PostgreSQL (READ COMMITTED) the optimistic check catches the stale
/// writer; on SQLite, whose sessions of one `Database` run one at a time, the two writers are two `Database`s
/// on one file, and SQLite itself refuses the stale writer (busy). Either way the error is retryable and no
/// update is lost.
@Suite("Concurrent writers", .serialized, .syncSessionsInTests)
struct ConcurrentWriterTests {
    /// Two handles on one database holding `Counter[1]`, and a clean-up.
    func writers() throws -> (Database, Database, cleanUp: () -> Void) {
        if TestDatabaseKind.isPostgreSQL {
            let db = try makeDatabase([Counter.self])
            try db.session { _ = Counter(name: "hits") }
            return (db, db, { try? db.disconnect() })
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pony-writers-\(UUID().uuidString).sqlite").path
        let first = Database()
        try first.bind(try DatabaseSettings(url: "sqlite:///\(path)", busyTimeout: .milliseconds(100)))
        try first.generateMapping([Counter.self], createTables: true)
        try first.session { _ = Counter(name: "hits") }
        try first.disconnect()
        let a = Database()
        try a.bind(try DatabaseSettings(url: "sqlite:///\(path)", busyTimeout: .milliseconds(100)))
        try a.generateMapping([Counter.self], createTables: false)
        let b = Database()
        try b.bind(try DatabaseSettings(url: "sqlite:///\(path)", busyTimeout: .milliseconds(100)))
        return (a, b, {
            try? a.disconnect()
            try? b.disconnect()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        })
    }

    /// Runs `first` on a thread of its own: it reads, lets `second` run and commit, then writes.
    func interleave(
        first: @escaping @Sendable (_ readDone: () -> Void, _ waitForOther: () -> Void) throws -> Void,
        second: () throws -> Void
    ) throws {
        let read = DispatchSemaphore(value: 0)
        let otherDone = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let failure = ErrorBox()
        let thread = Thread {
            do {
                try first({ read.signal() }, { otherDone.wait() })
            } catch {
                failure.set(error)
            }
            finished.signal()
        }
        thread.start()
        read.wait()
        try second()
        otherDone.signal()
        finished.wait()
        if let error = failure.error { throw error }
    }

    @Test func twoWritersOfOneRowOneWinsAndTheOtherRetriesWithTheNewValue() throws {
        let (a, b, cleanUp) = try writers()
        defer { cleanUp() }
        let attempts = Attempts()
        try interleave(first: { readDone, waitForOther in
            try a.session(retry: 3) {
                let counter = try Counter[1]
                let seen = counter.value
                if attempts.next() == 1 {
                    readDone()
                    waitForOther()
                }
                counter.value = seen + 1
            }
        }, second: {
            try b.session { _ = try b.execute(sql: "UPDATE \"Counter\" SET \"value\" = \"value\" + 1 WHERE \"id\" = 1") }
        })
        #expect(attempts.value == 2, "the stale writer failed once and ran again")
        #expect(try a.session { try Counter[1].value } == 2, "no update was lost")
    }

    @Test(.enabled(if: TestDatabaseKind.isPostgreSQL, "SQLite refuses any stale writer: the case only exists on a server"))
    func writersOfDifferentAttributesOfOneRowBothSucceedFirstTime() throws {
        let (a, b, cleanUp) = try writers()
        defer { cleanUp() }
        let attempts = Attempts()
        try interleave(first: { readDone, waitForOther in
            try a.session {
                let counter = try Counter[1]
                _ = attempts.next()
                readDone()
                waitForOther()
                counter.label = "from a"
            }
        }, second: {
            try b.session { _ = try b.execute(sql: "UPDATE \"Counter\" SET \"value\" = 5 WHERE \"id\" = 1") }
        })
        let after = try a.session { try Counter[1].snapshot() }
        #expect(attempts.value == 1)
        #expect(after.label == "from a" && after.value == 5)
    }

    @Test func aHundredConcurrentBridgedIncrementsWithRetryEndAtExactlyAHundred() async throws {
        let (a, _, cleanUp) = try writers()
        defer { cleanUp() }
        let attempts = Attempts()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await a.session(retry: 100) {
                        _ = attempts.next()
                        try Counter[1].value += 1
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await a.session { try Counter[1].value } == 100)
        #expect(attempts.value >= 100, "\(attempts.value) tries")
    }
}

/// An error set on another thread.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    var error: (any Error)? { lock.withLock { stored } }
    func set(_ error: any Error) { lock.withLock { stored = error } }
}
