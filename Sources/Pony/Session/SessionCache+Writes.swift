extension SessionCache {
    /// Writes every pending INSERT (in creation order) and UPDATE. PonyORM's `flush()`.
    func flush() throws {
        guard hasPendingChanges else { return }
        try context?.checkCancellation()
        var index = 0
        while index < pendingInserts.count {
            let entity = pendingInserts[index]
            try insertIfPending(entity)
            index += 1
        }
        pendingInserts.removeAll(keepingCapacity: true)
        let changed = dirty
        dirty.removeAll(keepingCapacity: true)
        for entity in changed {
            try update(entity)
        }
    }

    /// Inserts a new object now, and any new object it references first. No-op for objects already inserted.
    func insertIfPending<E: Entity>(_ entity: E) throws {
        switch entity._ponyState.status {
        case .pendingInsert: break
        case .inserting:
            throw PonyError.sessionMisuse(
                "new \(E._ponyEntity.name) objects reference each other in a cycle; insert one of them first "
                    + "(read its id, or call flush()) before pointing the other at it")
        default: return
        }
        let mapping = try E._ponyEntity.requireMapping()
        let connection = try activeConnection()
        entity._ponyState.status = .inserting
        do {
            let generatedKey = try connection.statement(.insert, of: mapping).exclusively { statement in
                var writer = RowWriter(statement)
                if !mapping.hasGeneratedID { writer.write(entity.id) }
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
    }

    private func update<E: Entity>(_ entity: E) throws {
        guard entity._ponyState.isDirty else { return }
        entity._ponyState.isDirty = false
        guard entity._ponyState.status == .persistent else { return }
        let mapping = try E._ponyEntity.requireMapping()
        try activeConnection().statement(.update, of: mapping).exclusively { statement in
            var writer = RowWriter(statement)
            try entity._ponyEncode(into: &writer)
            writer.write(entity.id)
            try statement.run()
        }
    }

    /// Deletes a persistent object's row now; the caller has applied delete rules first.
    func deleteRow<E: Entity>(_ entity: E) throws {
        let mapping = try E._ponyEntity.requireMapping()
        let statement = try activeConnection().statement(mapping.deleteSQL)
        defer { statement.reset() }
        var writer = RowWriter(statement)
        writer.write(entity.id)
        try statement.run()
        identityMap(for: mapping).remove(entity)
        entity._ponyState.status = .deleted
        entity._ponyState.isDirty = false
        relationshipVersion += 1
    }
}
