#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that threads share, guarded by a pthread mutex: the project's replacement for `Synchronization.Mutex`.
///
/// On Linux, `Mutex` locks with futex system calls that ThreadSanitizer does not intercept, so the sanitizer
/// sees no happens-before edge between two threads taking it and reports every access it guards as a data race
/// (the ORM suite gave 7 such reports). A pthread mutex is intercepted: guarded accesses stay quiet under
/// `swift test --sanitize=thread`, and an unguarded one is still reported.
///
/// The API is `Mutex`'s, so a call site reads the same:
///
/// ```swift
/// let hits = LockedValue(0)
/// hits.withLock { $0 += 1 }
/// let seen = hits.withLock { $0 }
/// ```
package final class LockedValue<Value>: @unchecked Sendable {
    @usableFromInline let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    @usableFromInline var value: Value

    package init(_ initialValue: sending Value) {
        value = initialValue
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock; `body` must not take this lock again.
    @inlinable
    package func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
