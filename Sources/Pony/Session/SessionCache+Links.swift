/// A link of a many-to-many relationship added or removed in a session and not yet written.
struct LinkChange {
    let link: LinkTable
    let isAdded: Bool
    let owner: AnyObject
    let target: AnyObject
    /// Read the objects' keys at flush time, inserting a new object first. Non-capturing, so a change costs no
    /// closure allocation.
    let ownerKey: (AnyObject) throws -> any DatabaseValueConvertible
    let targetKey: (AnyObject) throws -> any DatabaseValueConvertible

    init<Owner: Entity, Target: Entity>(_ link: LinkTable, from owner: Owner, to target: Target, added: Bool) {
        self.link = link
        isAdded = added
        self.owner = owner
        self.target = target
        ownerKey = { try _EntityRuntime.primaryKey(of: unsafeDowncast($0, to: Owner.self)) }
        targetKey = { try _EntityRuntime.primaryKey(of: unsafeDowncast($0, to: Target.self)) }
    }
}

extension SessionCache {
    /// Records a link added to or removed from a many-to-many relationship; ``flush()`` writes it. Collections
    /// loaded in the session reload on their next read, so both sides see the change.
    func recordLink<Owner: Entity, Target: Entity>(_ link: LinkTable, from owner: Owner, to target: Target, added: Bool) {
        pendingLinks.append(LinkChange(link, from: owner, to: target, added: added))
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
            let ownerKey = try change.ownerKey(change.owner)
            let targetKey = try change.targetKey(change.target)
            let sql = change.isAdded ? change.link.insertSQL : change.link.deleteSQL
            let statement: Statement
            if let previous, previous.sql == sql {
                statement = previous.statement
            } else {
                statement = try connection.statement(sql)
                previous = (sql, statement)
            }
            try run(statement, ownerKey, targetKey)
            if change.link.isSymmetric { try run(statement, targetKey, ownerKey) }
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

    /// Runs a link statement with its two keys, bound without building an argument array.
    private func run(_ statement: Statement, _ first: any DatabaseValueConvertible, _ second: any DatabaseValueConvertible) throws {
        defer { statement.reset() }
        let binding = statement.binding
        first._ponyBind(to: binding, at: 1)
        second._ponyBind(to: binding, at: 2)
        try statement.run()
    }
}
