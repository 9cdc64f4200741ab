import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A dedicated thread that runs a database's bridged sessions one after another, off Swift's cooperative pool.
///
/// Serial execution is what makes the async bridge safe: one bridged session at a time, each synchronous
/// from start to end on one thread, so thread-local session state is never shared or carried across a
/// suspension.
final class DatabaseExecutor: @unchecked Sendable {
    /// The bridge threads' name, as debuggers and `top -H` show it (Linux allows 15 bytes).
    static let threadName = "pony.database"

    private let condition = NSCondition()
    private var queue: [any BridgeJob] = []
    private var head = 0
    private var isShutDown = false
    private var threadID: pthread_t?

    init(name: String) {
        let thread = Thread { [self] in
            // Foundation on Linux ignores a name set before start(); set it from the thread itself.
            Thread.current.name = name
            condition.lock()
            threadID = pthread_self()
            condition.broadcast()
            condition.unlock()
            runLoop()
        }
        thread.start()
        condition.lock()
        while threadID == nil { condition.wait() }
        condition.unlock()
    }

    /// The executor's thread.
    var thread: pthread_t {
        condition.lock()
        defer { condition.unlock() }
        return threadID!
    }

    /// Queues a job; returns false (and does not run it) after shutdown.
    func enqueue(_ job: any BridgeJob) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isShutDown else { return false }
        queue.append(job)
        condition.signal()
        return true
    }

    /// Stops the thread after the running job; jobs still queued fail with `error`.
    func shutdown(failing error: any Error = PonyError.configuration("the Database was disconnected")) {
        condition.lock()
        isShutDown = true
        let pending = queue[head...]
        queue.removeAll()
        head = 0
        condition.signal()
        condition.unlock()
        for job in pending { job.fail(error) }
    }

    private func runLoop() {
        while let job = next() {
            job.run()
        }
    }

    private func next() -> (any BridgeJob)? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !isShutDown { condition.wait() }
        guard head < queue.count else { return nil }
        let job = queue[head]
        head += 1
        if head == queue.count || head > 1024 {
            queue.removeFirst(head)
            head = 0
        }
        return job
    }
}

/// Work for a ``DatabaseExecutor``.
protocol BridgeJob: AnyObject {
    func run()
    func fail(_ error: any Error)
}

/// Set when the task waiting for a bridged session is cancelled.
final class CancellationFlag: Sendable {
    private let cancelled = Atomic(false)

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() {
        cancelled.store(true, ordering: .releasing)
    }
}
