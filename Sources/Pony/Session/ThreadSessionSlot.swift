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
