/// What generated entity code calls into. Not for direct use.
///
/// Property getters and setters cannot throw in Swift, so misuse found there — writing to an entity after
/// its session ended, creating one outside any session — stops the program with the ``PonyError`` message
/// rather than silently losing the change. Throwing APIs (`delete()`, `snapshot()`, queries) throw instead.
public enum _EntityRuntime {
    /// Registers an object created by a user initializer with the current session, as a pending INSERT.
    public static func didCreate<E: Entity>(_ entity: E) {
        guard let context = SessionContext.current else {
            fail(.sessionRequired(operation: "creating a \(E._ponyEntity.name)"))
        }
        let cache: SessionCache
        do {
            cache = try context.lookUp(E.self).cache
        } catch {
            fail(error)
        }
        entity._ponyState.cache = cache
        entity._ponyState.status = .pendingInsert
        cache.pendingInserts.append(entity)
        cache.relationshipVersion += 1
        if !context.collectionsAssignedInInitializers.isEmpty,
           let assignments = context.collectionsAssignedInInitializers.removeValue(forKey: ObjectIdentifier(entity)) {
            for assign in assignments { assign() }
        }
    }

    /// The generated `id` of an entity, inserting it first if it is new.
    public static func generatedID<E: Entity>(_ entity: E) -> Int64 {
        let autoID = entity._withState { $0.autoID }
        if autoID != 0 { return autoID }
        do {
            try insertIfPending(entity)
        } catch {
            fail(error)
        }
        let inserted = entity._withState { $0.autoID }
        if inserted == 0 {
            fail(.sessionRequired(operation: "reading the id of a \(E._ponyEntity.name) created outside a session"))
        }
        return inserted
    }

    /// A part of a composite primary key, for the generated `id`: a to-one part inserts its new related object
    /// first, and stops the program if that INSERT fails (a property getter cannot throw).
    public static func keyPart<Part>(_ part: () throws -> Part) -> Part {
        do {
            return try part()
        } catch {
            fail(error)
        }
    }

    /// The primary key of an entity, inserting the entity first if it is new.
    public static func primaryKey<E: Entity>(of entity: E) throws -> E.ID {
        try insertIfPending(entity)
        return entity.id
    }

    private static func insertIfPending<E: Entity>(_ entity: E) throws {
        let (status, cache) = entity._withState { ($0.status, $0.cache) }
        guard status == .pendingInsert || status == .inserting, let cache else { return }
        guard cache.isAlive else {
            throw PonyError.sessionIsOver(operation: "Cannot insert new \(E._ponyEntity.name)")
        }
        try cache.insertIfPending(entity)
    }

    /// Called before an attribute changes: checks the object can still be changed and marks it dirty. On a
    /// persistent object it records the column as written and, the first time since the last flush, the value
    /// it had (`previous`), which the UPDATE's optimistic check compares with the database.
    public static func willWrite<E: Entity, Value: DatabaseValueConvertible>(
        _ entity: E, attribute: StaticString, column: Int, previous: @autoclosure () -> Value
    ) {
        let (status, cache) = entity._withState { ($0.status, $0.cache) }
        switch status {
        case .detached, .inserting:
            return
        case .pendingInsert:
            if let cache, cache.isAlive {
                checkOwner(of: cache, "assigning \(describe(entity)).\(attribute)")
            }
        case .deleted:
            fail(.sessionMisuse("Cannot assign new value to \(describe(entity)).\(attribute): the object is deleted"))
        case .persistent:
            guard let cache, cache.isAlive else {
                // In `.report` mode the value changes in memory only; it cannot be saved any more.
                let operation = "Cannot assign new value to \(describe(entity)).\(attribute)"
                if reportSessionIsOver(operation) { return }
                fail(.sessionIsOver(operation: operation))
            }
            checkOwner(of: cache, "assigning \(describe(entity)).\(attribute)")
            // Column -1: the key (`id` or a composite key's part), which the UPDATE finds the row by.
            if column < 0 {
                fail(.sessionMisuse(
                    "Cannot change \(describe(entity)).\(attribute): it is the primary key of a stored object; create a new object instead"))
            }
            let bit = ColumnMask.bit(column)
            let (slot, isFirstWrite) = entity._withState { state -> (Int, Bool) in
                var slot = Int(state.dirtySlot)
                if !state.isDirty || slot < 0 || slot >= cache.dirty.count || cache.dirty[slot].entity !== entity {
                    slot = cache.dirty.count
                    state.isDirty = true
                    state.dirtySlot = Int32(slot)
                    cache.dirty.append(DirtyObject(entity: entity))
                }
                let isFirstWrite = state.writtenColumns & bit == 0 && bit != 0
                state.writtenColumns |= bit
                return (slot, isFirstWrite)
            }
            if isFirstWrite {
                cache.dirty[slot].seen.append(column: column, value: CapturedValue.of(previous(), using: cache.valueCapture))
            }
        }
    }

    /// Like ``willWrite(_:attribute:column:previous:)``, for a to-one relationship: also invalidates cached
    /// to-many collections.
    static func willWriteRelationship<E: Entity, Value: DatabaseValueConvertible>(
        _ entity: E, attribute: StaticString, column: Int, previous: @autoclosure () -> Value
    ) {
        willWrite(entity, attribute: attribute, column: column, previous: previous())
        entity._ponyState.cache?.relationshipVersion += 1
    }

    /// Records that the session read a column of `entity`, for optimistic checks.
    @inlinable
    static func didRead<E: Entity>(_ entity: E, column: Int) {
        entity._ponyState.readColumns |= ColumnMask.bit(column)
    }

    /// Loads the target of a to-one relationship through the owner's session.
    static func resolve<Target: Entity, Owner: Entity>(
        _ type: Target.Type, id: Target.ID, for owner: Owner, attribute: StaticString
    ) -> Target {
        let cache = liveCache(of: owner, loading: attribute)
        do {
            guard let target = try cache.fetch(Target.self, id: id) else {
                throw PonyError.objectNotFound(entity: Target._ponyEntity.name, id: "\(id)")
            }
            return target
        } catch {
            fail(error)
        }
    }

    /// Deletes an entity: applies the delete rules of its to-many relationships, then deletes its row.
    static func delete<E: Entity>(_ entity: E, at site: @autoclosure () -> String) throws {
        switch entity._ponyState.status {
        case .deleted:
            return
        case .detached:
            throw PonyError.sessionRequired(operation: "deleting a \(E._ponyEntity.name) that was created outside a session")
        case .pendingInsert, .inserting, .persistent:
            break
        }
        guard let cache = entity._ponyState.cache, cache.isAlive else {
            CheckFailure.fail(.pony004, "Cannot delete \(describe(entity)) at \(site())", site: site())
            throw PonyError.sessionIsOver(operation: "Cannot delete \(describe(entity))")
        }
        checkOwner(of: cache, "deleting \(describe(entity)) at \(site())", site: site())
        try cache.flush()
        try entity.beforeDelete()
        let mapping = try E._ponyEntity.requireMapping()
        for relationship in mapping.relationships.values {
            switch relationship.kind {
            case .toOne: continue
            case .toMany(let inverse): try applyDeleteRule(inverse, of: relationship, of: entity, in: cache, at: site())
            case .manyToMany(let link): try cache.deleteLinks(of: entity, through: link)
            }
        }
        try cache.deleteRow(entity)
        try entity.afterDelete()
    }

    private static func applyDeleteRule<E: Entity>(
        _ inverse: InverseToOne, of relationship: RelationshipMapping, of entity: E, in cache: SessionCache, at site: String
    ) throws {
        func open<Target: Entity>(_ target: Target.Type) throws {
            let sql = try Target._ponyEntity.requireMapping().selectSQL(whereColumnIs: inverse.column)
            let related = try cache.fetchAll(Target.self, sql: sql, arguments: [entity.id])
            guard !related.isEmpty else { return }
            switch inverse.deleteRule {
            case .deny:
                throw PonyError.constraintViolation(
                    message: "cannot delete \(describe(entity)): \(related.count) \(Target._ponyEntity.name) object(s) in "
                        + "\(E._ponyEntity.name).\(relationship.attribute) still refer to it (delete rule .deny)",
                    sql: sql)
            case .cascade:
                for object in related { try delete(object, at: site) }
            case .nullify:
                guard let keyPath = inverse.keyPath as? ReferenceWritableKeyPath<Target, E?> else {
                    throw PonyError.mapping("\(Target._ponyEntity.name).\(inverse.attribute) is required, so .nullify cannot apply")
                }
                for object in related { object[keyPath: keyPath] = nil }
                try cache.flush()
            }
        }
        try open(relationship.target)
    }

    /// The owner's session cache, which must still be open to load anything.
    static func liveCache<Owner: Entity>(of owner: Owner, loading attribute: StaticString) -> SessionCache {
        guard let cache = owner._withState({ $0.cache }), cache.isAlive else {
            let operation = "Cannot load \(describe(owner)).\(attribute)"
            _ = reportSessionIsOver(operation)
            fail(.sessionIsOver(operation: operation))
        }
        checkOwner(of: cache, "loading \(describe(owner)).\(attribute)")
        return cache
    }

    /// Records the column as read (for optimistic checks) and checks that reading an attribute happens on the
    /// thread and task that own the entity's session. Reading values after the session ended is allowed, as
    /// in PonyORM.
    ///
    /// Inlinable: in the entity's own module the bit is set on its stored state directly, where a call into Pony
    /// went through the protocol's `_ponyState` accessor coroutine on every attribute read.
    @inlinable
    public static func willRead<E: Entity>(_ entity: E, column: Int) {
        didRead(entity, column: column)
        if CheckState.isOn, let cache = entity._ponyState.cache.map(Unmanaged.passUnretained) {
            checkReader(of: entity, in: cache)
        }
    }

    /// The runtime checks of ``willRead(_:column:)``, out of line. The caller reads the entity's cache from its
    /// stored state — in the entity's module a plain load, where reading it here went through the protocol's
    /// state accessor — and lends it unretained: the entity holds its cache, and the caller holds the entity.
    @usableFromInline
    static func checkReader<E: Entity>(of entity: E, in cache: Unmanaged<SessionCache>) {
        cache._withUnsafeGuaranteedRef { cache in
            guard cache.isAlive else { return }
            checkOwner(of: cache, "reading \(describe(entity))")
        }
    }

    /// PONY005/PONY002 when the caller does not own the session of `cache`; costs a thread comparison when it does.
    @inline(__always)
    private static func checkOwner(of cache: SessionCache, _ what: @autoclosure () -> String, site: @autoclosure () -> String? = nil) {
        guard CheckState.isOn, !cache.isOwnedByCaller else { return }
        cache.context?.checkOwnership(what(), site: site())
    }

    /// PONY004: an entity was used after its session ended. Traps, or in `.report` mode logs and returns true
    /// so a caller that can go on (a write kept in memory only) does; every other caller stops with the error.
    private static func reportSessionIsOver(_ operation: String) -> Bool {
        guard CheckState.isActive(.pony004) else { return false }
        CheckFailure.fail(.pony004, operation, site: nil)
        return true
    }

    /// `Person[3]`, or `new Person` before the object has a key. A new object with a composite key is `new` too:
    /// its key may hold a new related object, which reading the key would insert.
    static func describe<E: Entity>(_ entity: E) -> String {
        switch entity._ponyState.status {
        case .detached, .pendingInsert, .inserting:
            if E._ponyEntity.hasGeneratedID || E._ponyEntity.hasCompositeKey { return "new \(E._ponyEntity.name)" }
            return "\(E._ponyEntity.name)[\(entity.id)]"
        case .persistent, .deleted:
            return "\(E._ponyEntity.name)[\(entity.id)]"
        }
    }

    static func fail(_ error: any Error) -> Never {
        preconditionFailure("\(error)")
    }

    static func fail(_ error: PonyError) -> Never {
        preconditionFailure("\(error)")
    }
}
