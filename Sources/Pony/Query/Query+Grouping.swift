/// Counts by group, SQL's `GROUP BY` (PonyORM: `select((t.owner, count(t)) for t in Todo)`), as a dictionary
/// from each value of an attribute, or each related object's key, to how many matching rows have it.
///
/// ```swift
/// let perOwner = try db.session { try Todo.select().count(groupedBy: \.owner) }   // [User.ID?: Int]
/// let open = perOwner[annID] ?? 0
/// let unassigned = perOwner[nil] ?? 0
/// ```
///
/// Groups with no matching row are absent. The query's filters and its `limit` or `page` apply first. For other
/// aggregates per group (`SUM(total) … GROUP BY customer`), use raw SQL: `db.select(sql:arguments:)`.
extension Query {
    /// How many matching rows have each value of an attribute (`nil` a key of its own for an optional one).
    public func count<Key: DatabaseValueConvertible & Hashable>(groupedBy keyPath: KeyPath<E, Key>) throws -> [Key: Int] {
        try counts(groupedBy: keyPath, as: Key.self)
    }

    /// How many matching rows point to each object of an optional to-one relationship, by its key; `nil` counts
    /// the rows that point nowhere.
    public func count<Target: Entity>(groupedBy keyPath: KeyPath<E, Target?>) throws -> [Target.ID?: Int] {
        try counts(groupedBy: keyPath, as: Target.ID?.self)
    }

    /// How many matching rows point to each object of a required to-one relationship, by its key.
    public func count<Target: Entity>(groupedBy keyPath: KeyPath<E, Target>) throws -> [Target.ID: Int] {
        try counts(groupedBy: keyPath, as: Target.ID.self)
    }

    private func counts<Key: DatabaseValueConvertible & Hashable>(groupedBy keyPath: AnyKeyPath, as: Key.Type) throws -> [Key: Int] {
        let entity = E._ponyEntity.name
        let cache = try E._ponySessionCache("\(entity).select(…).count(groupedBy:)")
        let mapping = try E._ponyEntity.requireMapping()
        guard let column = mapping.columnsByKeyPath[keyPath] else {
            throw PonyError.unsupportedPredicate(
                node: "\(entity).select(…).count(groupedBy:)",
                reason: "the key path is not a stored attribute or to-one relationship of \(entity) (computed, @Transient "
                    + "and to-many properties have no column to group by)")
        }
        let (inner, arguments) = statement(selecting: "SELECT \(quoted(column)) AS grouped FROM \(quoted(mapping.table))", mapping: mapping)
        let rows = try cache.rows(sql: "SELECT grouped, COUNT(*) FROM (\(inner)) AS matching GROUP BY grouped", arguments: arguments)
        var counts: [Key: Int] = [:]
        for row in rows {
            guard let key = Key(databaseValue: row[0]), case .integer(let count) = row[1] else {
                throw PonyError.decoding("\(entity).select(…).count(groupedBy:) returned \(row[0]), which is not a \(Key.self)")
            }
            counts[key] = Int(count)
        }
        return counts
    }
}
