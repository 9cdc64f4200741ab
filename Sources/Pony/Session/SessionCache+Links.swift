/// A link of a many-to-many relationship added or removed in a session and not yet written.
struct LinkChange {
    let link: LinkTable
    let isAdded: Bool
    /// The owner's key, then the target's; read at flush time, which inserts a new object first.
    let keys: () throws -> SQLArguments
}

extension SessionCache {
    /// Records a link added to or removed from a many-to-many relationship; ``flush()`` writes it. Collections
    /// loaded in the session reload on their next read, so both sides see the change.
    func recordLink<Owner: Entity, Target: Entity>(_ link: LinkTable, from owner: Owner, to target: Target, added: Bool) {
        pendingLinks.append(LinkChange(link: link, isAdded: added) {
            [try _EntityRuntime.primaryKey(of: owner), try _EntityRuntime.primaryKey(of: target)]
        })
        pendingLinkObjects.insert(ObjectIdentifier(owner))
        pendingLinkObjects.insert(ObjectIdentifier(target))
        relationshipVersion += 1
    }

    /// Whether `object`'s many-to-many collections are known to be empty without a query: it was created in this
    /// session and not yet inserted (no flush ran since, or it would be), so no stored link can name it, and no
    /// unwritten change links it either.
    func hasNoLinks<E: Entity>(_ object: E) -> Bool {
        object._ponyState.status == .pendingInsert && !pendingLinkObjects.contains(ObjectIdentifier(object))
    }

    /// Writes the recorded link changes in the order they were made: an INSERT that ignores a link already
    /// there, or a DELETE. A symmetric relationship stores each link in both directions.
    func writeLinks() throws {
        let changes = pendingLinks
        pendingLinks.removeAll(keepingCapacity: true)
        pendingLinkObjects.removeAll(keepingCapacity: true)
        guard !changes.isEmpty else { return }
        let connection = try activeConnection()
        // The statement of the previous change, reused while the changes go to the same table the same way.
        var previous: (sql: String, statement: Statement)?
        for change in changes {
            let keys = try change.keys()
            let sql = change.isAdded ? change.link.insertSQL : change.link.deleteSQL
            let statement: Statement
            if let previous, previous.sql == sql {
                statement = previous.statement
            } else {
                statement = try connection.statement(sql)
                previous = (sql, statement)
            }
            try run(statement, keys)
            if change.link.isSymmetric { try run(statement, keys.reversed()) }
        }
    }

    /// Removes every link of `owner` in a many-to-many relationship (it is being deleted).
    func deleteLinks<Owner: Entity>(of owner: Owner, through link: LinkTable) throws {
        let statement = try activeConnection().statement(link.deleteOwnerSQL)
        try run(statement, link.isSelfRelation ? [owner.id, owner.id] : [owner.id])
        relationshipVersion += 1
    }

    private func run(_ statement: Statement, _ arguments: SQLArguments) throws {
        defer { statement.reset() }
        try statement.bind(arguments)
        try statement.run()
    }
}
