#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The calling thread's current session, in POSIX thread-local storage — PonyORM's `local.db_session`.
///
/// A thread that exits with a session still open (an abandoned manual session) has it rolled back by the
/// slot's destructor, so the database connection is never left locked by a dead thread.
enum ThreadSessionSlot {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let result = pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            let context = Unmanaged<SessionContext>.fromOpaque(pointer).takeRetainedValue()
            context.abandonOnThreadExit()
        }
        precondition(result == 0, "pthread_key_create failed with \(result)")
        return key
    }()

    /// The session open on this thread, if any. A session that was ended from another thread is removed here.
    static var current: SessionContext? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        let context = Unmanaged<SessionContext>.fromOpaque(pointer).takeUnretainedValue()
        guard context.hasEnded else { return context }
        pthread_setspecific(key, nil)
        Unmanaged<SessionContext>.fromOpaque(pointer).release()
        return nil
    }

    /// Runs `body` with the session open on this thread, without retaining it (the slot holds it, and `body` must
    /// not end it); nil when there is none. The ORM's per-object lookups use this: a session is weakly referenced by
    /// its caches, so each retain and release of it takes the runtime's slow path.
    static func withCurrent<R>(_ body: (SessionContext) throws -> R) rethrows -> R? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        let slot = Unmanaged<SessionContext>.fromOpaque(pointer)
        if slot._withUnsafeGuaranteedRef(\.hasEnded) {
            pthread_setspecific(key, nil)
            slot.release()
            return nil
        }
        return try slot._withUnsafeGuaranteedRef(body)
    }

    static func install(_ context: SessionContext) {
        precondition(pthread_getspecific(key) == nil, "a session is already installed on this thread")
        pthread_setspecific(key, Unmanaged.passRetained(context).toOpaque())
    }

    static func remove(_ context: SessionContext) {
        guard let pointer = pthread_getspecific(key),
              Unmanaged<SessionContext>.fromOpaque(pointer).takeUnretainedValue() === context
        else { return }
        pthread_setspecific(key, nil)
        Unmanaged<SessionContext>.fromOpaque(pointer).release()
    }
}
