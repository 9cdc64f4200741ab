extension SessionCache {
    /// Writes every pending INSERT (in creation order), UPDATE and many-to-many link. PonyORM's `flush()`. Hooks may create or
    /// change objects as it goes, so it repeats until nothing is pending — at most ``maximumFlushRounds`` times.
    func flush() throws {
        var rounds = 0
        while hasPendingChanges {
            rounds += 1
            guard rounds <= Self.maximumFlushRounds else {
                throw PonyError.sessionMisuse(
                    "the session was still changing objects after \(Self.maximumFlushRounds) rounds of flushing: entity hooks "
                        + "(beforeUpdate, afterUpdate, …) keep changing objects that then need writing again")
            }
            try context?.checkCancellation()
            var index = 0
            while index < pendingInserts.count {
                let entity = pendingInserts[index]
                try insertIfPending(entity)
                index += 1
            }
            pendingInserts.removeAll(keepingCapacity: true)
            try runBeforeUpdateHooks()
            // Taken out of `dirty` (hooks may add to it meanwhile) and written in place, without copying each entry.
            var changed: [DirtyObject] = []
            swap(&changed, &dirty)
            for index in changed.indices {
                try update(changed[index].entity, seen: &changed[index].seen)
            }
            if dirty.isEmpty {
                changed.removeAll(keepingCapacity: true)
                swap(&changed, &dirty)
            }
            try writeLinks()
        }
    }

    /// How many times ``flush()`` writes what hooks changed before it decides they never stop.
    static let maximumFlushRounds = 100

    /// Calls `beforeUpdate()` on each changed persistent object while it is still in the dirty list, so what
    /// the hook assigns is recorded with the object's other changes (and the values it overwrote with them, for
    /// the optimistic check). Objects the hooks change are appended to the list and get their hook too.
    private func runBeforeUpdateHooks() throws {
        var index = 0
        while index < dirty.count {
            let entity = dirty[index].entity
            if entity._withState({ $0.isDirty && $0.status == .persistent }) { try entity.beforeUpdate() }
            index += 1
        }
    }

    /// Inserts a new object now, and any new object it references first. No-op for objects already inserted.
    func insertIfPending<E: Entity>(_ entity: E) throws {
        switch entity._withState({ $0.status }) {
        case .pendingInsert: break
        case .inserting:
            throw PonyError.sessionMisuse(
                "new \(E._ponyEntity.name) objects reference each other in a cycle; insert one of them first "
                    + "(read its id, or call flush()) before pointing the other at it")
        default: return
        }
        try entity.beforeInsert()
        let mapping = try self.mapping(of: E.self)
        let connection = try activeConnection()
        entity._ponyState.status = .inserting
        do {
            let generatedKey = try connection.statement(.insert, of: mapping).exclusively { statement in
                var writer = RowWriter(statement)
                if !mapping.hasGeneratedID { writer.writeKey(entity.id) }
                try entity._ponyEncode(into: &writer)
                if mapping.hasGeneratedID { return try statement.runReturningGeneratedKey() }
                try statement.run()
                return 0
            }
            if mapping.hasGeneratedID { entity._ponyState.autoID = generatedKey }
        } catch {
            entity._ponyState.status = .pendingInsert
            throw error
        }
        entity._ponyState.status = .persistent
        identityMap(for: mapping).insert(entity)
        try entity.afterInsert()
    }

    /// Writes the columns assigned since the last flush. With optimistic checks on (the default), the UPDATE
    /// also requires every column the session read or assigned (but `Double` and volatile ones) to still hold
    /// the value the session saw; when no row matches, another transaction got there first.
    private func update<E: Entity>(_ entity: E, seen: inout SeenValues) throws {
        let isPersistent = entity._withState { state in
            guard state.isDirty else { return false }
            state.isDirty = false
            state.dirtySlot = -1
            return state.status == .persistent
        }
        guard isPersistent else { return }
        let mapping = try self.mapping(of: E.self)
        let (written, read) = entity._withState { state in
            let columns = (state.writtenColumns, state.readColumns)
            state.readColumns = columns.1 | columns.0
            state.writtenColumns = 0
            return columns
        }
        // Nothing to set: only the key was assigned, which no UPDATE here changes.
        if written == 0 && mapping.valueColumns.count <= ColumnMask.width { return }
        let optimistic = isOptimistic
        let checked = optimistic ? (read | written) & mapping.checkableColumns : 0
        let shape = CheckedWriteShape(written: written, checked: checked, isDelete: false)
        try withUnsafePointer(to: &seen) { seen in
            let matched = try activeConnection().statement(shape, of: mapping).exclusively { statement in
                var set = RowWriter(statement, selecting: written)
                try entity._ponyEncode(into: &set)
                set.writeKey(entity.id)
                if checked != 0 {
                    var check = RowWriter(statement, startingAt: set.index, selecting: checked, overflow: false, replacing: seen)
                    try entity._ponyEncode(into: &check)
                }
                try statement.run()
                return statement.changedRowCount > 0
            }
            if !matched && optimistic {
                throw try optimisticCheckFailure(entity, mapping: mapping, checked: checked, seen: seen)
            }
        }
        try entity.afterUpdate()
    }

    /// Deletes a persistent object's row now; the caller has applied delete rules and flushed. With optimistic
    /// checks on, only while the columns the session read still hold what it saw.
    func deleteRow<E: Entity>(_ entity: E) throws {
        let mapping = try self.mapping(of: E.self)
        let checked = isOptimistic ? entity._ponyState.readColumns & mapping.checkableColumns : 0
        let shape = CheckedWriteShape(written: 0, checked: checked, isDelete: true)
        let matched = try activeConnection().statement(shape, of: mapping).exclusively { statement in
            var writer = RowWriter(statement, selecting: checked, overflow: false)
            writer.writeKey(entity.id)
            try entity._ponyEncode(into: &writer)
            try statement.run()
            return statement.changedRowCount > 0
        }
        if !matched && isOptimistic {
            throw try optimisticCheckFailure(entity, mapping: mapping, checked: checked, seen: nil)
        }
        identityMap(for: mapping).remove(entity)
        entity._ponyState.status = .deleted
        entity._ponyState.isDirty = false
        relationshipVersion += 1
    }

    /// The error for a write that matched no row: reads the row again to name the columns that changed.
    private func optimisticCheckFailure<E: Entity>(
        _ entity: E, mapping: EntityMapping, checked: UInt64, seen: UnsafePointer<SeenValues>?
    ) throws -> PonyError {
        let id = "\(entity.id)"
        let stored = try activeConnection().statement(.selectByID, of: mapping).exclusively { statement -> [DatabaseValue]? in
            var key = RowWriter(statement)
            key.writeKey(entity.id)
            guard try statement.step() else { return nil }
            return (Int32(mapping.keyColumns.count)..<statement.columnCount).map { statement.column($0).databaseValue }
        }
        guard let stored else {
            return .optimisticCheckFailed(entity: mapping.name, id: id, changedColumns: [], rowDeleted: true)
        }
        let changed = try CapturedRow(entity, replacing: seen).changedColumns(checked, of: mapping) { column in
            column < stored.count ? stored[column] : nil
        }
        return .optimisticCheckFailed(entity: mapping.name, id: id, changedColumns: changed, rowDeleted: false)
    }
}
