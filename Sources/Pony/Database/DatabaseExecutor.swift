import Foundation
import PonyLocks
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
import PonyLocks
#endif

/// Dedicated threads that run a database's bridged sessions, off Swift's cooperative pool: one thread per
/// connection the database may open (SQLite: one; PostgreSQL: the pool size), taking jobs from one queue.
///
/// This is what makes the async bridge safe: each bridged session runs synchronously from start to end on one
/// of these threads, so thread-local session state is never shared or carried across a suspension, and no
/// cooperative thread ever waits for a connection.
final class DatabaseExecutor: @unchecked Sendable {
    /// The bridge threads' name, as debuggers and `top -H` show it (Linux allows 15 bytes).
    static let threadName = "pony.database"

    private let condition = NSCondition()
    private var queue: [any BridgeJob] = []
    private var head = 0
    private var isShutDown = false
    /// Most jobs waiting at once; beyond it ``enqueue(_:)`` refuses.
    let queueLimit: Int

    /// Starts `threads` threads named `name`.
    init(name: String, threads: Int, queueLimit: Int) {
        self.queueLimit = queueLimit
        for _ in 0..<max(threads, 1) {
            let thread = Thread { [self] in
                // Foundation on Linux ignores a name set before start(); set it from the thread itself.
                Thread.current.name = name
                runLoop()
            }
            thread.start()
        }
    }

    /// Whether a job was queued; it is not when the executor was shut down or its queue is full.
    enum Admission {
        case queued, shutDown, full
    }

    /// Queues a job, unless the executor was shut down or ``queueLimit`` jobs wait already.
    func enqueue(_ job: any BridgeJob) -> Admission {
        condition.lock()
        defer { condition.unlock() }
        guard !isShutDown else { return .shutDown }
        guard queue.count - head < queueLimit else { return .full }
        queue.append(job)
        condition.signal()
        return .queued
    }

    /// Stops the threads after their running jobs; jobs still queued fail with `error`.
    func shutdown(failing error: any Error = PonyError.configuration("the Database was disconnected")) {
        condition.lock()
        isShutDown = true
        let pending = queue[head...]
        queue.removeAll()
        head = 0
        condition.broadcast()
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

/// Set when the task waiting for a bridged session is cancelled; cancelling also interrupts the statement
/// running on the connection the session holds.
final class CancellationFlag: Sendable {
    private let cancelled = Atomic(false)
    /// The connection the session holds, while it holds one.
    private let connection = LockedValue<Connection?>(nil)

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() {
        cancelled.store(true, ordering: .releasing)
        // Under the lock: the session cannot give the connection back (to a session it must not disturb) meanwhile.
        connection.withLock { $0?.interrupt() }
    }

    /// The session took `connection`: cancellation interrupts it from now on.
    func attach(_ connection: Connection) {
        self.connection.withLock { $0 = connection }
        if isCancelled { connection.interrupt() }
    }

    /// The session is giving its connection back.
    func detach() {
        connection.withLock { $0 = nil }
    }
}
