/// Eager loading, PonyORM's `prefetch`: the objects a to-one relationship of the fetched objects points to,
/// loaded by one extra query per relationship instead of one query per object read later.
///
/// ```swift
/// let todos = try Todo.select().order(by: \.title).prefetch(\.owner)
/// let lines = try db.session {
///     try todos.fetch().map { "\($0.title): \($0.owner?.name ?? "nobody")" }   // 2 queries for any number of to-dos
/// }
/// ```
///
/// The extra query selects the targets whose key is among the fetched objects' foreign keys — with the query's own
/// filters, order and limit, as a subquery — and puts them in the session's identity map, where reading
/// `todo.owner` finds them. Objects already in the session are kept as they are.
extension Query {
    /// Loads the objects an optional to-one relationship points to, with the query's results.
    public func prefetch<Target: Entity>(_ keyPath: KeyPath<E, Target?>) throws -> Query {
        try prefetching(keyPath, of: Target.self)
    }

    /// Loads the objects a required to-one relationship points to, with the query's results.
    public func prefetch<Target: Entity>(_ keyPath: KeyPath<E, Target>) throws -> Query {
        try prefetching(keyPath, of: Target.self)
    }

    private func prefetching<Target: Entity>(_ keyPath: AnyKeyPath, of target: Target.Type) throws -> Query {
        let mapping = try E._ponyEntity.requireMapping()
        guard let column = mapping.columnsByKeyPath[keyPath], mapping.relationships[column]?.kind == .toOne else {
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
        })
        return query
    }
}

/// One relationship a query prefetches: its foreign-key column, and how to load its targets given the query
/// selecting that column (SQL and arguments).
struct Prefetch: Sendable {
    let column: String
    let load: @Sendable (SessionCache, String, SQLArguments) throws -> Void
}
