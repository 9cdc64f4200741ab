#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A database's open connections, lent to one session at a time: PonyORM's one connection per thread.
///
/// Opens connections as sessions need them, up to the driver's ``DatabaseDriver/maxConnections`` (SQLite: 1).
/// A session that finds them all lent waits at most the busy timeout and then fails with
/// ``PonyError/busy(_:)`` — a plain mutex would wait forever when two threads each hold one database and want
/// the other's. A connection that comes back broken (its server went away) is closed and forgotten, so the
/// next session opens a fresh one.
final class ConnectionPool: @unchecked Sendable {
    private let driver: any DatabaseDriver
    private let sqlLog: SQLLogSwitch
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let returned = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var idle: [Connection] = []
    private var lent: [(connection: Connection, thread: pthread_t)] = []
    /// Idle, lent, and being opened right now.
    private var count = 0
    private var isClosed = false

    /// A pool that starts with `first`, the connection `bind` opened to check the settings.
    init(driver: any DatabaseDriver, first: Connection) {
        self.driver = driver
        sqlLog = first.sqlLog
        idle = [first]
        count = 1
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if !canImport(Darwin)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(returned, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        for connection in idle { connection.close() }
        pthread_cond_destroy(returned)
        pthread_mutex_destroy(mutex)
        returned.deallocate()
        mutex.deallocate()
    }

    /// Opens a connection for `driver` whose statements log to `sqlLog`.
    static func open(_ driver: any DatabaseDriver, sqlLog: SQLLogSwitch) throws(PonyError) -> Connection {
        Connection(backend: try driver.connect(), dialect: driver.dialect, statementCacheSize: driver.statementCacheSize, sqlLog: sqlLog)
    }

    /// Whether the calling thread has a connection lent.
    var isHeldByCurrentThread: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return lent.contains { pthread_equal($0.thread, pthread_self()) != 0 }
    }

    /// The open connections, idle and lent, for tests and diagnostics.
    var connections: [Connection] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return idle + lent.map(\.connection)
    }

    /// How many connections are open or being opened.
    var openCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return count
    }

    /// Lends a connection to the calling thread: an idle one, a new one while fewer than the maximum are open,
    /// or the next one returned within the busy timeout. Throws ``PonyError/busy(_:)`` after the timeout, or
    /// the driver's error when a new connection cannot be opened.
    func acquire(purpose: @autoclosure () -> String = "a session") throws(PonyError) -> Connection {
        pthread_mutex_lock(mutex)
        var deadline: timespec?
        while !isClosed && idle.isEmpty && count >= driver.maxConnections {
            let limit = deadline ?? Self.deadline(after: driver.busyTimeout)
            deadline = limit
            if waitForReturn(until: limit) && idle.isEmpty && count >= driver.maxConnections {
                pthread_mutex_unlock(mutex)
                throw PonyError.busy(
                    "no connection to '\(driver.location)' within the busy timeout (\(driver.busyTimeout)) for \(purpose()): "
                        + "\(driver.maxConnections == 1 ? "another session holds it" : "all \(driver.maxConnections) are in use"). "
                        + "Keep sessions short; two threads that each hold one database and wait for the other's deadlock")
            }
        }
        if isClosed {
            pthread_mutex_unlock(mutex)
            throw PonyError.configuration("the Database was disconnected")
        }
        if let connection = idle.popLast() {
            lent.append((connection, pthread_self()))
            pthread_mutex_unlock(mutex)
            return connection
        }
        count += 1
        pthread_mutex_unlock(mutex)
        // Connecting can take long (a server across the network): not under the lock.
        let connection: Connection
        do {
            connection = try Self.open(driver, sqlLog: sqlLog)
        } catch {
            pthread_mutex_lock(mutex)
            count -= 1
            pthread_cond_signal(returned)
            pthread_mutex_unlock(mutex)
            throw error
        }
        pthread_mutex_lock(mutex)
        lent.append((connection, pthread_self()))
        pthread_mutex_unlock(mutex)
        return connection
    }

    /// Takes a lent connection back; a broken one is closed instead of kept.
    func release(_ connection: Connection) {
        pthread_mutex_lock(mutex)
        if let index = lent.firstIndex(where: { $0.connection === connection }) {
            lent.remove(at: index)
        }
        let keep = !isClosed && !connection.isBroken
        if keep {
            idle.append(connection)
        } else {
            count -= 1
        }
        pthread_cond_signal(returned)
        pthread_mutex_unlock(mutex)
        if !keep { connection.close() }
    }

    /// Waits (at most the busy timeout) until no connection is lent, then closes them all; later `acquire`s
    /// fail. Returns false, closing nothing, when a session still holds one after the timeout.
    func close() -> Bool {
        pthread_mutex_lock(mutex)
        let deadline = Self.deadline(after: driver.busyTimeout)
        while !lent.isEmpty {
            if waitForReturn(until: deadline) && !lent.isEmpty {
                pthread_mutex_unlock(mutex)
                return false
            }
        }
        isClosed = true
        let closing = idle
        idle.removeAll()
        count -= closing.count
        pthread_cond_broadcast(returned)
        pthread_mutex_unlock(mutex)
        for connection in closing { connection.close() }
        return true
    }

    /// Calls `body` with each connection lent now, under the pool's lock (so none is returned meanwhile).
    func forEachLent(_ body: (Connection, pthread_t) -> Void) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        for (connection, thread) in lent { body(connection, thread) }
    }

    /// Waits, holding `mutex`, until a connection comes back or `deadline` passes; true when it passed.
    private func waitForReturn(until deadline: timespec) -> Bool {
        #if canImport(Darwin)
        var wait = Self.remaining(until: deadline)
        return pthread_cond_timedwait_relative_np(returned, mutex, &wait) == ETIMEDOUT
        #else
        var wait = deadline
        return pthread_cond_timedwait(returned, mutex, &wait) == ETIMEDOUT
        #endif
    }

    private static func deadline(after timeout: Duration) -> timespec {
        let (seconds, attoseconds) = timeout.components
        #if canImport(Darwin)
        var now = timeval()
        gettimeofday(&now, nil)
        var nanoseconds = Int(now.tv_usec) * 1000 + Int(attoseconds / 1_000_000_000)
        #else
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        var nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        #endif
        var wholeSeconds = Int(now.tv_sec) + Int(seconds)
        wholeSeconds += nanoseconds / 1_000_000_000
        nanoseconds %= 1_000_000_000
        return timespec(tv_sec: wholeSeconds, tv_nsec: nanoseconds)
    }

    #if canImport(Darwin)
    /// The time left until an absolute `gettimeofday` deadline, for Darwin's relative timed wait.
    private static func remaining(until deadline: timespec) -> timespec {
        let now = Self.deadline(after: .zero)
        var seconds = deadline.tv_sec - now.tv_sec
        var nanoseconds = deadline.tv_nsec - now.tv_nsec
        if nanoseconds < 0 { seconds -= 1; nanoseconds += 1_000_000_000 }
        return seconds < 0 ? timespec(tv_sec: 0, tv_nsec: 0) : timespec(tv_sec: seconds, tv_nsec: nanoseconds)
    }
    #endif
}
