import Foundation
import Pony
import PonyLocks
import Synchronization
import Testing

@Entity final class Tally {
    var name: String
    var value: Int
    init(name: String, value: Int = 0) {
        self.name = name
        self.value = value
    }
}

/// Counts the runs of a session body; Sendable so async bodies can count too.
final class Attempts: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    /// Counts a run and returns its number, from 1.
    func next() -> Int { count.add(1, ordering: .relaxed).newValue }
}

@Suite("Sessions with retry:", .serialized, .syncSessionsInTests)
struct RetryTests {
    static let busy = PonyError.busy("simulated: another connection holds the write lock")

    @Test func runsTheBodyAgainAfterARetryableError() throws {
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        let attempts = Attempts()
        let result = try db.session(retry: 3) {
            if attempts.next() < 3 { throw Self.busy }
            return "done"
        }
        #expect(result == "done")
        #expect(attempts.value == 3)
    }

    @Test func rethrowsTheLastErrorWhenEveryTryFails() throws {
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        let attempts = Attempts()
        #expect(throws: Self.busy) {
            try db.session(retry: 2) {
                _ = attempts.next()
                throw Self.busy
            }
        }
        #expect(attempts.value == 3, "one try and two retries")
    }

    @Test func rethrowsOtherErrorsAtOnce() throws {
        struct NotRetryable: Error {}
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        let attempts = Attempts()
        #expect(throws: NotRetryable.self) {
            try db.session(retry: 5) {
                _ = attempts.next()
                throw NotRetryable()
            }
        }
        #expect(throws: PonyError.objectNotFound(entity: "Tally", id: "42")) {
            try db.session(retry: 5) {
                _ = attempts.next()
                _ = try Tally[42]
            }
        }
        #expect(attempts.value == 2)
    }

    @Test func eachTryStartsFromARolledBackTransactionAndAnEmptyIdentityMap() throws {
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        try db.session { _ = Tally(name: "visits", value: 10) }
        let attempts = Attempts()
        let seen = LockedValue<[Int]>([])
        try db.session(retry: 1) {
            let tally = try #require(try Tally.select(#Predicate { $0.name == "visits" }).first())
            seen.withLock { $0.append(tally.value) }
            tally.value += 1
            _ = Tally(name: "extra")
            try db.flush()
            if attempts.next() == 1 { throw Self.busy }
        }
        #expect(seen.withLock { $0 } == [10, 10], "the second try must not see the first one's writes")
        #expect(try db.session { try Tally.count() } == 2)
        #expect(try db.session { try Tally.select(#Predicate { $0.name == "visits" }).first()?.value } == 11)
    }

    @Test func aNestedSessionRunsOnceAndLeavesTheRetryToTheOutermost() throws {
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        let outer = Attempts()
        let inner = Attempts()
        try db.session(retry: 2) {
            _ = outer.next()
            try db.session(retry: 5) {
                if inner.next() == 1 { throw Self.busy }
            }
        }
        #expect(outer.value == 2, "the outermost session ran the whole body again")
        #expect(inner.value == 2, "the nested session did not retry by itself")
    }

    @Test func aNestedSessionsRetryableErrorEndsAnOutermostSessionWithoutRetry() throws {
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        let inner = Attempts()
        #expect(throws: Self.busy) {
            try db.session {
                try db.session(retry: 5) {
                    _ = inner.next()
                    throw Self.busy
                }
            }
        }
        #expect(inner.value == 1)
    }

    @Test func rejectsANegativeRetryCount() throws {
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        #expect {
            try db.session(retry: -1) {}
        } throws: { error in
            guard case PonyError.configuration(let message) = error else { return false }
            return message.contains("retry: -1") && message.contains("must be 0 or more")
        }
    }

    @Test func theAsyncBridgeRetriesOnItsThread() async throws {
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        let attempts = Attempts()
        let value = try await db.session(retry: 2) {
            if attempts.next() < 3 { throw Self.busy }
            return 7
        }
        #expect(value == 7)
        #expect(attempts.value == 3)
    }

    @DBSession(retry: 2)
    func bumpFailingOnce(_ attempts: Attempts) throws -> Int {
        if attempts.next() == 1 { throw Self.busy }
        return attempts.value
    }

    @Test func dbSessionTakesRetry() throws {
        let db = try makeDatabase([Tally.self])
        defer { try? db.disconnect() }
        let attempts = Attempts()
        #expect(try bumpFailingOnce(attempts) == 2)
    }

    @Test func aSQLiteWriterThatFindsTheFileLockedRetriesUntilItIsFree() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pony-retry-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let holder = Database()
        try holder.bind(try DatabaseSettings(url: "sqlite:///\(path)", busyTimeout: .milliseconds(50)))
        try holder.generateMapping([Tally.self], createTables: true)
        defer { try? holder.disconnect() }
        let writer = Database()
        try writer.bind(try DatabaseSettings(url: "sqlite:///\(path)", busyTimeout: .milliseconds(50)))
        defer { try? writer.disconnect() }

        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holderThread = Thread {
            try? holder.session {
                _ = Tally(name: "holder")
                try holder.flush()                // takes the write lock
                holding.signal()
                release.wait()
            }
        }
        holderThread.start()
        holding.wait()
        let attempts = Attempts()
        try writer.session(retry: 20) {
            if attempts.next() == 2 { release.signal() }   // the first try found the file locked
            _ = try writer.execute(sql: "INSERT INTO \"Tally\" (\"name\", \"value\") VALUES ('writer', 1)")
        }
        #expect(attempts.value >= 2)
        let count = try writer.session { try writer.select(sql: "SELECT COUNT(*) AS n FROM \"Tally\"")[0].decode("n", as: Int.self) }
        #expect(count == 2)
    }
}
