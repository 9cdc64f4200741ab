import Foundation
import Pony
import Testing

/// Swift Testing runs even synchronous test functions inside a task, so every test that calls the
/// synchronous session API directly is, to the runtime checks, a blocking session in async code (PONY003).
/// These suites test the ORM's semantics, not that rule, so they allow it — PonyORM's own lenient policy.
/// The runtime checks themselves are tested in child processes, with the default settings.
struct SyncSessionsInTests: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        PonyChecks.disabled.insert("PONY003")
        try await function()
    }
}

extension Trait where Self == SyncSessionsInTests {
    /// Allows synchronous sessions in test functions (see ``SyncSessionsInTests``).
    static var syncSessionsInTests: Self { Self() }
}

/// Runs synchronous database work on a plain thread and blocks until it finishes: for exit-test bodies,
/// which run in a child process inside a task.
func blockingOnThread<T>(_ body: @escaping () throws -> T) throws -> T {
    nonisolated(unsafe) var result: Result<T, any Error>?
    nonisolated(unsafe) let work = body
    let done = DispatchSemaphore(value: 0)
    Thread {
        result = Result { try work() }
        done.signal()
    }.start()
    done.wait()
    return try result!.get()
}
