#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread's open session: PonyORM's `db_session`.
///
/// Sessions nest by depth only — the outermost level commits or rolls back. Every database used while the
/// session is open joins it with its own ``SessionCache`` (identity map, pending changes, transaction).
final class SessionContext {
    private(set) var depth = 0
    private(set) var caches: [SessionCache] = []
    /// The cache used last: most sessions use one database, so this saves the search and a weak load.
    private var lastCache: SessionCache?
    let thread = pthread_self()
    /// Set by the async bridge while it runs a session for a task that may be cancelled.
    var cancellation: CancellationFlag?

    /// The session open on the calling thread, if any.
    static var current: SessionContext? { ThreadSessionSlot.current }

    /// Enters a session level on the calling thread, creating the session if none is open.
    static func enter() -> SessionContext {
        let context = ThreadSessionSlot.current ?? {
            let new = SessionContext()
            ThreadSessionSlot.install(new)
            return new
        }()
        context.depth += 1
        return context
    }

    /// The session cache for a mapped entity's database.
    func cache(for mapping: EntityMapping) throws -> SessionCache {
        if let last = lastCache, last.databaseID == mapping.databaseID { return last }
        guard let database = mapping.database else {
            throw PonyError.mapping("\(mapping.name)'s database was deallocated")
        }
        let cache = cache(for: database)
        lastCache = cache
        return cache
    }

    /// The session cache for `database`, created on first use. Creating it does not touch the connection.
    func cache(for database: Database) -> SessionCache {
        for cache in caches where cache.databaseID == ObjectIdentifier(database) {
            return cache
        }
        let cache = SessionCache(database: database, context: self)
        caches.append(cache)
        return cache
    }

    /// Leaves one level. Leaving the outermost level commits (`commit == true`) or rolls back every
    /// database's transaction and ends the session.
    func exit(commit: Bool) throws {
        precondition(depth > 0, "session exited more often than entered")
        depth -= 1
        guard depth == 0 else { return }
        defer { end() }
        if commit {
            try commitAll()
        } else {
            rollbackAll()
        }
    }

    /// Leaves levels down to `level - 1` (closing an outer manual session closes the ones inside it).
    func unwind(toLevel level: Int, commit: Bool) throws {
        precondition(level >= 1 && level <= depth, "session level \(level) is not open")
        depth = level
        try exit(commit: commit)
    }

    /// Flushes every database, then commits each. A failure rolls back whatever has not committed yet.
    func commitAll() throws {
        do {
            try checkCancellation()
            for cache in caches { try cache.flush() }
            try checkCancellation()
            for cache in caches { try cache.commit() }
        } catch {
            rollbackAll()
            throw error
        }
    }

    func rollbackAll() {
        for cache in caches { cache.rollback() }
    }

    /// Ends every cache (entities keep their loaded values, lose their session) and starts afresh.
    func resetCaches() {
        for cache in caches { cache.end() }
        caches.removeAll()
        lastCache = nil
    }

    private func end() {
        resetCaches()
        ThreadSessionSlot.remove(self)
    }

    /// Throws `CancellationError` when the task this session runs for has been cancelled.
    func checkCancellation() throws {
        if let cancellation, cancellation.isCancelled { throw CancellationError() }
    }

    /// Called by the thread-local slot's destructor: the thread is exiting with this session open.
    func abandonOnThreadExit() {
        rollbackAll()
        resetCaches()
        depth = 0
    }
}
