/// Eager loading, PonyORM's `prefetch`: the objects a relationship of the fetched objects points to, loaded by
/// one extra query per relationship instead of one query per object read later.
///
/// ```swift
/// let todos = try Todo.select().order(by: \.title).prefetch(\.owner)
/// let lines = try db.session {
///     try todos.fetch().map { "\($0.title): \($0.owner?.name ?? "nobody")" }   // 2 queries for any number of to-dos
/// }
/// ```
///
/// For a to-one, the extra query selects the targets whose key is among the fetched objects' foreign keys — with
/// the query's own filters, order and limit, as a subquery — and puts them in the session's identity map, where
/// reading `todo.owner` finds them. For a to-many (`prefetch(\.pets)`), it selects the targets pointing back at
/// any fetched object, and each object's collection is ready when it is first read, unless a relationship changed
/// in the session meanwhile (then it loads as usual); a many-to-many's query joins the intermediate table. Objects
/// already in the session are kept as they are.
extension Query {
    /// Loads the objects an optional to-one relationship points to, with the query's results.
    public func prefetch<Target: Entity>(_ keyPath: KeyPath<E, Target?>) throws -> Query {
        try prefetching(keyPath, of: Target.self)
    }

    /// Loads the objects a required to-one relationship points to, with the query's results.
    public func prefetch<Target: Entity>(_ keyPath: KeyPath<E, Target>) throws -> Query {
        try prefetching(keyPath, of: Target.self)
    }

    /// Loads the collections of a to-many or many-to-many relationship for all fetched objects, in one query.
    public func prefetch<Target: Entity>(_ keyPath: KeyPath<E, [Target]>) throws -> Query {
        let mapping = try E._ponyEntity.requireMapping()
        guard let attribute = E._ponyEntity.attributes.first(where: { $0.keyPath == keyPath }),
              let relationship = mapping.relationships[attribute.name]
        else {
            throw PonyError.unsupportedPredicate(
                node: "\(mapping.name).select(…).prefetch(_:)",
                reason: "the key path to [\(Target._ponyEntity.name)] is not a stored to-many relationship of \(mapping.name)")
        }
        let name = attribute.name
        var query = self
        switch relationship.kind {
        case .toMany(let inverse):
            guard let owner = Self.owner(of: Target.self, through: inverse) else { break }
            let foreignKey = inverse.column
            query.prefetches.append(Prefetch(column: mapping.keyColumn) { cache, keys, arguments in
                let targetMapping = try Target._ponyEntity.requireMapping()
                let sql = "\(targetMapping.selectSQL) WHERE \(quoted(foreignKey)) IN (SELECT \(quoted(mapping.keyColumn)) FROM (\(keys)) "
                    + "AS prefetched) ORDER BY \(targetMapping.keyOrdering())"
                let targets = try cache.fetchAll(Target.self, sql: sql, arguments: arguments)
                var byOwner: [ObjectIdentifier: [AnyObject]] = [:]
                for target in targets {
                    guard let owner = owner(target) else { continue }
                    byOwner[ObjectIdentifier(owner), default: []].append(target)
                }
                return Self.handOut(byOwner, attribute: name, in: cache)
            })
            return query
        case .manyToMany(let link):
            query.prefetches.append(Prefetch(column: mapping.keyColumn) { cache, keys, arguments in
                let targetMapping = try Target._ponyEntity.requireMapping()
                let sql = link.selectTargetsSQL(
                    targetMapping, ownersIn: "SELECT \(quoted(mapping.keyColumn)) FROM (\(keys)) AS prefetched")
                var byOwner: [ObjectIdentifier: [AnyObject]] = [:]
                for (target, owner) in try cache.fetchAll(Target.self, sql: sql, arguments: arguments, ownedBy: E.self) {
                    if let owner { byOwner[ObjectIdentifier(owner), default: []].append(target) }
                }
                return Self.handOut(byOwner, attribute: name, in: cache)
            })
            return query
        case .toOne:
            break
        }
        throw PonyError.unsupportedPredicate(
            node: "\(mapping.name).select(…).prefetch(_:)",
            reason: "\(mapping.name).\(name) is not a to-many relationship whose collection can be loaded")
    }

    /// What a collection prefetch does with the fetched objects: hands each its collection (empty when no target
    /// points at it), valid until a relationship changes in the session.
    private static func handOut(
        _ byOwner: [ObjectIdentifier: [AnyObject]], attribute: String, in cache: SessionCache
    ) -> ([AnyObject]) -> Void {
        { owners in
            let version = cache.relationshipVersion
            cache.prefetchedCollections.store(attribute: attribute) { collections in
                for owner in owners {
                    let owner = ObjectIdentifier(owner)
                    collections[owner] = PrefetchedCollection(version: version, objects: byOwner[owner] ?? [])
                }
            }
        }
    }

    /// Reads the to-one of a `Target` that points back at its owner in a to-many relationship: the owner is in the
    /// session already (the query fetched it), so no query runs.
    private static func owner<Target: Entity>(
        of target: Target.Type, through inverse: InverseToOne
    ) -> (@Sendable (Target) -> E?)? {
        // Key paths to stored properties are immutable; KeyPath is not marked Sendable on this toolchain.
        if let keyPath = inverse.keyPath as? KeyPath<Target, E?> {
            nonisolated(unsafe) let keyPath = keyPath
            return { $0[keyPath: keyPath] }
        }
        if let keyPath = inverse.keyPath as? KeyPath<Target, E> {
            nonisolated(unsafe) let keyPath = keyPath
            return { $0[keyPath: keyPath] }
        }
        return nil
    }

    private func prefetching<Target: Entity>(_ keyPath: AnyKeyPath, of target: Target.Type) throws -> Query {
        let mapping = try E._ponyEntity.requireMapping()
        guard let column = mapping.columnsByKeyPath[keyPath], mapping.relationships[column]?.isToOne == true else {
            throw PonyError.unsupportedPredicate(
                node: "\(mapping.name).select(…).prefetch(_:)",
                reason: "the key path to a \(Target._ponyEntity.name) is not a stored to-one relationship of \(mapping.name) "
                    + "(a computed or @Transient property has no foreign key to load by)")
        }
        var query = self
        query.prefetches.append(Prefetch(column: column) { cache, foreignKeys, arguments in
            let targetMapping = try Target._ponyEntity.requireMapping()
            let sql = "\(targetMapping.selectSQL) WHERE \(quoted(targetMapping.keyColumn)) IN (SELECT \(quoted(column)) FROM (\(foreignKeys)) AS prefetched)"
            _ = try cache.fetchAll(Target.self, sql: sql, arguments: arguments)
            return { _ in }
        })
        return query
    }
}

/// One relationship a query prefetches: the column of the queried table it follows (a to-one's foreign key, or
/// the key for a to-many), and how to load its targets given the query selecting that column (SQL and
/// arguments). Loading returns what to do with the fetched objects (a to-many hands each its collection).
struct Prefetch: Sendable {
    let column: String
    let load: @Sendable (SessionCache, String, SQLArguments) throws -> ([AnyObject]) -> Void
}
