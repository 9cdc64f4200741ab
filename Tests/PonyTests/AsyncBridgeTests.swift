import Foundation
import Pony
import PonyLocks
import Synchronization
import Testing

@Entity final class Visit {
    var path: String
    init(path: String) { self.path = path }
}

/// A one-shot gate a bridged session can wait on (blocking the bridge thread, never a task).
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func open() { semaphore.signal() }
    func wait() { semaphore.wait() }
}

@Suite("The async bridge", .serialized, .syncSessionsInTests)
final class AsyncBridgeTests: Sendable {
    let db: Database

    init() throws {
        db = try makeDatabase([Visit.self])
    }

    deinit {
        try? db.disconnect()
    }

    @Test func runsTheSessionOnTheDatabasesOwnThreadOutsideAnyTask() async throws {
        let caller = UInt(pthread_self())
        let first = try await db.session { (UInt(pthread_self()), withUnsafeCurrentTask { $0 != nil }) }
        let second = try await db.session { UInt(pthread_self()) }
        #expect(first.0 != caller)
        #expect(first.1 == false, "the closure must not run in a task")
        if !TestDatabaseKind.isPostgreSQL {
            #expect(second == first.0, "every bridged session of a SQLite database runs on its one dedicated thread")
        }
        #expect(second != caller)
    }

    @Test func commitsAndReturnsASendableSnapshot() async throws {
        let snapshot = try await db.session { try Visit(path: "/").snapshot() }
        let count = try await db.session { try Visit.count() }
        #expect(snapshot.path == "/")
        #expect(count == 1)
    }

    @Test func rollsBackWhenTheClosureThrows() async throws {
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            try await self.db.session {
                _ = Visit(path: "/lost")
                throw Failure()
            }
        }
        #expect(try await db.session { try Visit.count() } == 0)
    }

    @Test func bridgedAndThreadSessionsShareOneInMemoryDatabase() async throws {
        try await db.session { _ = Visit(path: "/bridge") }
        let fromThread = LockedValue<Int?>(nil)
        let thread = Thread { [db] in fromThread.withLock { $0 = try? db.session { try Visit.count() } } }
        thread.start()
        while fromThread.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(fromThread.withLock { $0 } == 1)
    }

    @Test func serializesConcurrentWritersWithoutBusyErrors() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await self.db.session {
                        _ = Visit(path: "/\(index)")
                        _ = try Visit.count()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await db.session { try Visit.count() } == 200)
    }

    @Test func aTaskCancelledBeforeItsTurnNeverRunsTheClosure() async throws {
        let blocker = Gate()
        let started = Gate()
        let ran = Atomic(false)
        let blocking = Task { try await self.db.session { started.open(); blocker.wait() } }
        started.wait()
        let cancelled = Task { try await self.db.session { ran.store(true, ordering: .relaxed) } }
        cancelled.cancel()
        blocker.open()
        try await blocking.value
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(ran.load(ordering: .relaxed) == false)
    }

    @Test func aTaskCancelledDuringItsSessionRollsBack() async throws {
        let inside = Gate()
        let proceed = Gate()
        let task = Task {
            try await self.db.session {
                _ = Visit(path: "/cancelled")
                try self.db.flush()
                inside.open()
                proceed.wait()
            }
        }
        inside.wait()
        task.cancel()
        proceed.open()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await db.session { try Visit.count() } == 0)
    }

    @Test func aDisconnectedDatabaseFailsClearly() async throws {
        try db.disconnect()
        await #expect(throws: PonyError.configuration("the Database is not bound; call db.bind(.sqlite(path: …)) first")) {
            try await self.db.session { 1 }
        }
    }
}
