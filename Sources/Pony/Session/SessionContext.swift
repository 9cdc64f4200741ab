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
    /// Set when the outermost level is left. A context ended on another thread (a manual session closed after
    /// its task resumed elsewhere) cannot clear its own thread's slot; the slot drops it on the next look.
    private(set) var hasEnded = false
    private(set) var caches: [SessionCache] = []
    /// The entity type looked up last, with the ``MappingEpoch`` then, its mapping and its database's cache: a
    /// session touching one entity type again and again finds both with one comparison, without the
    /// descriptor's lock, a search of ``caches`` or a weak load.
    private var lastEntity: EntityLookup?
    /// Mappings attached while the session was open, which no identity map holds (see ``lookUp(_:)``).
    private var mappingsMappedDuringSession: [EntityMapping] = []
    let thread = pthread_self()
    /// The task that opened the session, when runtime checks are on and it was opened inside one.
    let ownerTask: UnsafeRawPointer?
    /// How the session was opened, for check messages: "a `session { … }`".
    let entry: String
    /// The user's line that opened the session (`App/Routes.swift:42`), or where a `@DBSession` function is
    /// declared; nil when no line is known. Reports carry it as their `site` metadata.
    let site: String?
    /// Set by the async bridge while it runs a session for a task that may be cancelled.
    var cancellation: CancellationFlag?
    /// Whether updates and deletes check that the rows still hold what the session saw (PonyORM's
    /// `optimistic`); set by the outermost level.
    var isOptimistic = true
    /// Collections an initializer assigned (`self.tags = tags`) before the new object was registered, by object:
    /// applied right after registration, as if assigned then.
    var collectionsAssignedInInitializers: [ObjectIdentifier: [() -> Void]] = [:]

    private init(entry: String, site: String?, ownerTask: UnsafeRawPointer?) {
        self.entry = entry
        self.site = site
        self.ownerTask = ownerTask
    }

    /// The session open on the calling thread, if any.
    static var current: SessionContext? {
        guard let context = ThreadSessionSlot.current else { return nil }
        if CheckState.isOn { context.checkTask(using: "the ORM") }
        return context
    }

    /// Runs `body` with the session open on the calling thread, without retaining it; nil when there is none.
    /// `body` must not end the session.
    static func withCurrent<R>(_ body: (SessionContext) throws -> R) rethrows -> R? {
        try ThreadSessionSlot.withCurrent { context in
            if CheckState.isOn { context.checkTask(using: "the ORM") }
            return try body(context)
        }
    }

    /// Enters a session level on the calling thread, creating the session if none is open.
    ///
    /// Runtime checks: a new synchronous session entered while the thread runs a Swift task off the main
    /// actor is PONY003 (the async bridge's sessions run on the database's own thread and never are; the main
    /// actor is not the cooperative pool, see ``MainActorIsolation``); a session entered in a task is
    /// registered so PONY002 can see its task suspend.
    static func enter(_ entry: String, site: String?) -> SessionContext {
        if let context = ThreadSessionSlot.current {
            if CheckState.isOn { context.checkTask(using: entry) }
            context.depth += 1
            return context
        }
        let task = CheckState.isOn ? ExecutionContext.currentTask : nil
        if let task, CheckState.isActive(.pony003), !MainActorIsolation.isCurrent {
            CheckFailure.fail(
                .pony003, "\(entry) was entered on \(ExecutionContext.describe(thread: pthread_self())) while it runs \(ExecutionContext.describe(task: task))",
                site: site)
        }
        let context = SessionContext(entry: entry, site: site, ownerTask: task)
        ThreadSessionSlot.install(context)
        if let task { SuspensionHook.register(task: task, session: "the session of \(entry)", site: site) }
        context.depth += 1
        return context
    }

    /// PONY002: another task is using this session's thread while the session is open, so the task that
    /// opened it must have suspended inside it.
    private func checkTask(using what: @autoclosure () -> String) {
        guard let ownerTask, ExecutionContext.currentTask != ownerTask else { return }
        CheckFailure.fail(
            .pony002,
            "\(ExecutionContext.describe(task: ExecutionContext.currentTask)) is using \(what()) on \(ExecutionContext.describe(thread: thread)) while the session of \(entry) opened by \(ExecutionContext.describe(task: ownerTask)) is still open there",
            site: site)
    }

    /// PONY005 (another thread) or PONY002 (another task on this thread) when the caller does not own the session.
    /// `site` is the caller's line when it is known (a manual session's `commit()`), else the session's.
    func checkOwnership(_ what: @autoclosure () -> String, site: String? = nil) {
        guard CheckState.isOn else { return }
        if pthread_equal(thread, pthread_self()) == 0 {
            CheckFailure.fail(
                .pony005,
                "\(what()) on \(ExecutionContext.describe(thread: pthread_self())), but its session (\(entry)) belongs to \(ExecutionContext.describe(thread: thread))",
                site: site ?? self.site)
        } else {
            checkTask(using: what())
        }
    }

    /// The entity's mapping, or the error naming the call to make (what `descriptor.requireMapping()` answers),
    /// and the session cache of its database; kept while the ``MappingEpoch`` stays the same.
    func lookUp<E: Entity>(_ type: E.Type) throws -> EntityLookup {
        let version = MappingEpoch.current
        if let last = lastEntity, last.entity == ObjectIdentifier(E.self), last.version == version {
            return last
        }
        let mapping = try E._ponyEntity.requireMapping()
        guard let database = mapping.database else {
            throw PonyError.mapping("\(mapping.name)'s database was deallocated")
        }
        let cache = cache(for: database)
        let identityMap = cache.identityMap(for: mapping)
        // An entity mapped again during the session keeps its first identity map, which holds the first mapping:
        // the session holds the new one, which the lookup does not retain.
        if identityMap.mapping !== mapping { mappingsMappedDuringSession.append(mapping) }
        let found = EntityLookup(
            entity: ObjectIdentifier(E.self), version: version, mapping: mapping, cache: cache,
            identityMap: identityMap)
        lastEntity = found
        return found
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
        lastEntity = nil
        mappingsMappedDuringSession.removeAll()
    }

    private func end() {
        hasEnded = true
        collectionsAssignedInInitializers.removeAll()
        resetCaches()
        ThreadSessionSlot.remove(self)
        if let ownerTask { SuspensionHook.unregister(task: ownerTask) }
    }

    /// Throws `CancellationError` when the task this session runs for has been cancelled.
    func checkCancellation() throws {
        if let cancellation, cancellation.isCancelled { throw CancellationError() }
    }

    /// Called by the thread-local slot's destructor: the thread is exiting with this session open (PONY006).
    func abandonOnThreadExit() {
        if depth > 0 {
            CheckFailure.fail(
                .pony006,
                "\(ExecutionContext.describe(thread: thread)) exited while the session of \(entry) was open; it is rolled back",
                site: site)
        }
        if let ownerTask { SuspensionHook.unregister(task: ownerTask) }
        rollbackAll()
        resetCaches()
        depth = 0
    }
}

/// An entity type's mapping, its database's cache in one session and the cache's identity map for it
/// (``SessionContext/lookUp(_:)``).
///
/// The references are not retained: each is held for as long as the session's caches live — the cache by the
/// session, the identity map by its cache, the mapping by its identity map — and the session forgets its lookups
/// when it ends its caches. Handing a lookup out retained and released three objects on every object access.
struct EntityLookup {
    let entity: ObjectIdentifier
    /// The ``MappingEpoch`` read before the mapping was.
    let version: Int
    let unretainedMapping: Unmanaged<EntityMapping>
    let unretainedCache: Unmanaged<SessionCache>
    let unretainedIdentityMap: Unmanaged<IdentityMap>

    init(entity: ObjectIdentifier, version: Int, mapping: EntityMapping, cache: SessionCache, identityMap: IdentityMap) {
        self.entity = entity
        self.version = version
        unretainedMapping = .passUnretained(mapping)
        unretainedCache = .passUnretained(cache)
        unretainedIdentityMap = .passUnretained(identityMap)
    }

    var cache: SessionCache { unretainedCache.takeUnretainedValue() }

    /// Runs `body` with the three objects, none of them retained for the call.
    @inline(__always)
    func withObjects<R>(_ body: (SessionCache, EntityMapping, IdentityMap) throws -> R) rethrows -> R {
        try unretainedCache._withUnsafeGuaranteedRef { cache in
            try unretainedMapping._withUnsafeGuaranteedRef { mapping in
                try unretainedIdentityMap._withUnsafeGuaranteedRef { map in try body(cache, mapping, map) }
            }
        }
    }
}
