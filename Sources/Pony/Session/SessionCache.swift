/// One database's part of a session: PonyORM's `SessionCache`.
///
/// Holds the identity map (one object per row), the objects created or changed since the last flush, and
/// the database connection with its open transaction. The connection is taken lazily, on the first
/// statement, and held until the session ends.
final class SessionCache {
    /// The database, held only while the cache is alive: entities that outlive their session keep their
    /// (ended) cache, and must not keep the database alive through it.
    private(set) var database: Database?
    let databaseID: ObjectIdentifier
    /// The session this cache belongs to. Weak, not unowned: an entity that outlives its session keeps its
    /// cache, and reflecting over it (`dump(entity)`) must not touch a destroyed session.
    private(set) weak var context: SessionContext?
    private(set) var isAlive = true
    private var connection: Connection?
    private var isInTransaction = false
    private var identityMaps: [AnyObject?] = []
    /// Objects created in the session, in creation order, not yet inserted.
    var pendingInserts: [any Entity] = []
    /// Persistent objects with attribute changes not yet written.
    var dirty: [any Entity] = []
    /// Bumped whenever a relationship may have changed; cached to-many collections reload when it moves.
    var relationshipVersion = 0

    init(database: Database, context: SessionContext) {
        self.database = database
        databaseID = ObjectIdentifier(database)
        self.context = context
    }

    var hasPendingChanges: Bool { !pendingInserts.isEmpty || !dirty.isEmpty }

    /// The connection inside an open transaction, taking the database's lock on first use.
    func activeConnection() throws -> Connection {
        if isInTransaction, let connection { return connection }
        guard isAlive, let database else {
            throw PonyError.sessionIsOver(operation: "Cannot use the database")
        }
        try context?.checkCancellation()
        let connection = try self.connection ?? database.acquireConnection()
        self.connection = connection
        try connection.execute("BEGIN")
        isInTransaction = true
        return connection
    }

    /// The identity map of entity type `E` in this session.
    func identityMap<E: Entity>(_ type: E.Type, index: Int) -> IdentityMap<E> {
        if index < identityMaps.count, let map = identityMaps[index] {
            return unsafeDowncast(map, to: IdentityMap<E>.self)
        }
        if index >= identityMaps.count {
            identityMaps.append(contentsOf: repeatElement(nil, count: index - identityMaps.count + 1))
        }
        let map = IdentityMap<E>()
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
            (map as? any SessionEndObserving)?.sessionDidEnd()
        }
        identityMaps.removeAll()
        pendingInserts.removeAll()
        dirty.removeAll()
        if connection != nil {
            connection = nil
            database?.releaseConnection()
        }
        database = nil
    }
}

/// The objects of one entity type loaded in one session, by primary key.
final class IdentityMap<E: Entity>: SessionEndObserving {
    var objects: [E.ID: E] = [:]

    /// Lets every object drop its loaded to-many collections: with the to-one side pointing back they
    /// would form reference cycles that outlive the session.
    func sessionDidEnd() {
        guard E._ponyEntity.hasToManyRelationships else { return }
        for object in objects.values {
            object._ponySessionDidEnd()
        }
    }
}

/// A session structure that tidies up when its session ends.
protocol SessionEndObserving {
    func sessionDidEnd()
}
