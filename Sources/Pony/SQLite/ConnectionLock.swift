#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives one session at a time the database's connection, waiting at most the busy timeout.
///
/// A plain mutex would wait forever when two threads each hold one database and want the other's;
/// this lock gives up after the timeout and the session fails with ``PonyError/busy(_:)`` instead.
final class ConnectionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let released = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var owner: pthread_t?

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if !canImport(Darwin)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(released, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(released)
        pthread_mutex_destroy(mutex)
        released.deallocate()
        mutex.deallocate()
    }

    /// Whether the calling thread holds the lock.
    var isHeldByCurrentThread: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return owner.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    /// Takes the lock for the calling thread; returns false if another thread still holds it after `timeout`.
    func acquire(timeout: Duration) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if owner == nil {
            owner = pthread_self()
            return true
        }
        var deadline = Self.deadline(after: timeout)
        while owner != nil {
            #if canImport(Darwin)
            let result = pthread_cond_timedwait_relative_np(released, mutex, &deadline)
            #else
            let result = pthread_cond_timedwait(released, mutex, &deadline)
            #endif
            if result == ETIMEDOUT && owner != nil { return false }
        }
        owner = pthread_self()
        return true
    }

    func release() {
        pthread_mutex_lock(mutex)
        owner = nil
        pthread_cond_signal(released)
        pthread_mutex_unlock(mutex)
    }

    /// Runs `body` only while `thread` holds the lock, with the lock's state frozen.
    func whileHeld(by thread: pthread_t, _ body: () -> Void) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let owner, pthread_equal(owner, thread) != 0 { body() }
    }

    private static func deadline(after timeout: Duration) -> timespec {
        let (seconds, attoseconds) = timeout.components
        #if canImport(Darwin)
        return timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        #else
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        var nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var wholeSeconds = Int(now.tv_sec) + Int(seconds)
        wholeSeconds += nanoseconds / 1_000_000_000
        nanoseconds %= 1_000_000_000
        return timespec(tv_sec: wholeSeconds, tv_nsec: nanoseconds)
        #endif
    }
}
