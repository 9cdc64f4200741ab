#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One database's part of a session: PonyORM's `SessionCache`.
///
/// Holds the identity map (one object per row), the objects created or changed since the last flush, and
/// the database connection with its open transaction. The connection is taken lazily, on the first
/// statement, and held until the session ends.
@usableFromInline
final class SessionCache {
    /// The database, held only while the cache is alive: entities that outlive their session keep their
    /// (ended) cache, and must not keep the database alive through it.
    private(set) var database: Database?
    let databaseID: ObjectIdentifier
    /// The session this cache belongs to. Weak, not unowned: an entity that outlives its session keeps its
    /// cache, and reflecting over it (`dump(entity)`) must not touch a destroyed session.
    private(set) weak var context: SessionContext?
    /// The session's thread and task, copied from the context so ownership checks need no weak load.
    let ownerThread: pthread_t
    let ownerTask: UnsafeRawPointer?
    private(set) var isAlive = true
    // Unchecked exclusivity here and in IdentityMap: a session cache is used by one thread at a time, and the
    // dynamic checks were a tenth of a point fetch's own cost.
    @exclusivity(unchecked) private var connection: Connection?
    @exclusivity(unchecked) private var isInTransaction = false
    @exclusivity(unchecked) private var identityMaps: [IdentityMap?] = []
    /// Objects created in the session, in creation order, not yet inserted.
    @exclusivity(unchecked) var pendingInserts: [any Entity] = []
    /// Persistent objects with attribute changes not yet written.
    @exclusivity(unchecked) var dirty: [DirtyObject] = []
    /// The mapping read last, with its entity type and the ``MappingEpoch`` then (see ``mapping(of:)``).
    @exclusivity(unchecked) private var lastMapping: (entity: ObjectIdentifier, version: Int, mapping: EntityMapping)?
    /// Captures the values changed attributes had (``CapturedValue/of(_:using:)``), reused for the session.
    private(set) lazy var valueCapture = ValueCapture()
    /// Links of many-to-many relationships added or removed since the last flush, in the order they changed.
    var pendingLinks: [LinkChange] = []
    /// The objects named by ``pendingLinks``.
    var pendingLinkObjects: Set<ObjectIdentifier> = []
    /// Bumped whenever a relationship may have changed; cached to-many collections reload when it moves.
    var relationshipVersion = 0
    /// To-many collections loaded by a query's `prefetch`, by owner and attribute, valid while
    /// ``relationshipVersion`` is the one they were loaded at; the first read of each moves it into the owner.
    var prefetchedCollections = PrefetchedCollections()

    init(database: Database, context: SessionContext) {
        self.database = database
        databaseID = ObjectIdentifier(database)
        self.context = context
        ownerThread = context.thread
        ownerTask = context.ownerTask
        isOptimistic = context.isOptimistic
    }

    /// Whether the calling thread and task own this cache's session (the runtime checks' fast path).
    @inline(__always)
    var isOwnedByCaller: Bool {
        pthread_equal(ownerThread, pthread_self()) != 0 && (ownerTask == nil || ownerTask == ExecutionContext.currentTask)
    }

    var hasPendingChanges: Bool { !pendingInserts.isEmpty || !dirty.isEmpty || !pendingLinks.isEmpty }

    /// Whether this session's updates and deletes run optimistic checks: the session's setting, which its outermost
    /// level makes before any cache exists (read here once, not through the weak `context` on every write).
    let isOptimistic: Bool

    /// The connection inside an open transaction, taken from the database's pool on first use.
    @inline(__always)
    func activeConnection() throws -> Connection {
        if isInTransaction, let connection { return connection }
        return try beginTransaction()
    }

    /// Runs `body` with ``activeConnection()``, lent without a retain and release: the cache holds the connection
    /// until the session ends, which nothing `body` runs can do (it reads rows; it runs no user code that could
    /// end the session).
    @inline(__always)
    func withActiveConnection<R>(_ body: (Connection) throws -> R) throws -> R {
        if isInTransaction, let connection = connection.map(Unmanaged.passUnretained) {
            return try connection._withUnsafeGuaranteedRef(body)
        }
        return try body(beginTransaction())
    }

    /// ``activeConnection()`` when no transaction is open: out of line, so the check before it inlines.
    @inline(never)
    private func beginTransaction() throws -> Connection {
        guard isAlive, let database else {
            throw PonyError.sessionIsOver(operation: "Cannot use the database")
        }
        try context?.checkCancellation()
        if let held = self.connection {
            try held.execute(held.dialect.beginTransaction)
            isInTransaction = true
            return held
        }
        let first = try take(from: database)
        let connection: Connection
        if try begin(on: first) {
            connection = first
        } else {
            // An idle connection the server closed meanwhile (it restarted, or ended idle backends): nothing of
            // this session ran yet, so it starts again on a fresh connection.
            give(first, backTo: database)
            connection = try take(from: database)
            try connection.execute(connection.dialect.beginTransaction)
        }
        isInTransaction = true
        return connection
    }

    /// Begins the transaction; false when the connection turns out broken, any other failure throws.
    private func begin(on connection: Connection) throws -> Bool {
        do {
            try connection.execute(connection.dialect.beginTransaction)
            return true
        } catch PonyError.connection(let message) {
            if connection.isBroken { return false }
            throw PonyError.connection(message)
        }
    }

    private func take(from database: Database) throws -> Connection {
        let connection = try database.acquireConnection()
        self.connection = connection
        context?.cancellation?.attach(connection)
        return connection
    }

    private func give(_ connection: Connection, backTo database: Database) {
        self.connection = nil
        context?.cancellation?.detach()
        database.releaseConnection(connection)
    }

    /// `E`'s mapping, kept while the ``MappingEpoch`` stays the same: writing objects one after another
    /// takes no lock per object.
    func mapping<E: Entity>(of type: E.Type) throws -> EntityMapping {
        let version = MappingEpoch.current
        if let last = lastMapping, last.entity == ObjectIdentifier(E.self), last.version == version {
            return last.mapping
        }
        let mapping = try E._ponyEntity.requireMapping()
        lastMapping = (ObjectIdentifier(E.self), version, mapping)
        return mapping
    }

    /// The identity map of one mapped entity type in this session.
    func identityMap(for mapping: EntityMapping) -> IdentityMap {
        let index = mapping.index
        if index < identityMaps.count, let map = identityMaps[index] {
            return map
        }
        if index >= identityMaps.count {
            identityMaps.append(contentsOf: repeatElement(nil, count: index - identityMaps.count + 1))
        }
        let map = IdentityMap(mapping: mapping)
        identityMaps[index] = map
        return map
    }

    /// Writes pending changes, then commits the transaction. The session stays usable.
    func commit() throws {
        try flush()
        guard isInTransaction, let connection else { return }
        try connection.execute("COMMIT")
        isInTransaction = false
    }

    /// Rolls back the transaction and forgets unwritten changes.
    func rollback() {
        pendingInserts.removeAll()
        dirty.removeAll()
        pendingLinks.removeAll()
        pendingLinkObjects.removeAll()
        guard isInTransaction, let connection else { return }
        isInTransaction = false
        if connection.isInTransaction {
            try? connection.execute("ROLLBACK")
        }
    }

    /// Ends this database's part of the session: releases the connection and detaches every object, which
    /// keeps its loaded values but can no longer load, change or delete anything (PONY004).
    func end() {
        if isInTransaction { rollback() }
        isAlive = false
        for map in identityMaps {
            map?.sessionDidEnd()
        }
        identityMaps.removeAll()
        lastMapping = nil
        pendingInserts.removeAll()
        dirty.removeAll()
        pendingLinks.removeAll()
        pendingLinkObjects.removeAll()
        prefetchedCollections.removeAll()
        if let connection, let database {
            give(connection, backTo: database)
        }
        database = nil
    }
}

/// The objects of one entity type loaded in one session, by primary key: one object per row.
///
/// Deliberately not generic: the dictionaries are concrete types, so lookups run specialized code instead of
/// hashing through witness tables (this is on the path of every fetch and insert).
final class IdentityMap {
    let mapping: EntityMapping
    /// Objects of entities with the generated `id: Int64`, by row ID.
    private let byRowID = RowIDTable()
    /// Objects of entities with a declared key.
    @exclusivity(unchecked) private var byKey: [AnyHashable: AnyObject] = [:]

    init(mapping: EntityMapping) {
        self.mapping = mapping
    }

    func object(rowID: Int64) -> AnyObject? {
        byRowID[rowID]
    }

    /// The object stored for `rowID`, else where ``insert(_:rowID:at:)`` can put it without probing again.
    @inline(__always)
    func lookUp(rowID: Int64) -> (object: AnyObject?, vacancy: RowIDTable.Vacancy) {
        byRowID.lookUp(rowID)
    }

    func object<E: Entity>(_ type: E.Type, id: E.ID) -> E? {
        let found = mapping.hasGeneratedID ? byRowID[Self.rowID(id)] : byKey[AnyHashable(id)]
        // Not `found.map { … }`: the closure and the generic `Optional.map` ran unspecialized on every fetch.
        guard let found else { return nil }
        return unsafeDowncast(found, to: E.self)
    }

    func insert<E: Entity>(_ object: E) {
        if mapping.hasGeneratedID {
            byRowID.insert(object, for: object._withState { $0.autoID })
        } else {
            byKey[AnyHashable(object.id)] = object
        }
    }

    @inline(__always)
    func insert(_ object: AnyObject, rowID: Int64, at vacancy: RowIDTable.Vacancy = .none) {
        byRowID.insert(object, for: rowID, at: vacancy)
    }

    /// Makes room for `count` more objects, so storing that many does not grow the tables on the way.
    func reserveCapacity(adding count: Int) {
        if mapping.hasGeneratedID {
            byRowID.reserveCapacity(byRowID.count + count)
        } else {
            byKey.reserveCapacity(byKey.count + count)
        }
    }

    func remove<E: Entity>(_ object: E) {
        if mapping.hasGeneratedID {
            byRowID[object._withState { $0.autoID }] = nil
        } else {
            byKey[AnyHashable(object.id)] = nil
        }
    }

    /// Lets every object drop its loaded to-many collections: with the to-one side pointing back they
    /// would form reference cycles that outlive the session.
    func sessionDidEnd() {
        guard mapping.hasToManyRelationships else { return }
        for object in byRowID.values { mapping.releaseRelationships(object) }
        for object in byKey.values { mapping.releaseRelationships(object) }
    }

    /// The row ID of a generated key: `E.ID` is `Int64` for every entity with a generated key.
    static func rowID<ID>(_ id: ID) -> Int64 {
        unsafeBitCast(id, to: Int64.self)
    }
}
