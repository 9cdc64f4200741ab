/// One attribute's values over a query's rows, without loading objects: PonyORM's `select(p.city for p in Person)`
/// and its `.distinct()`.
///
/// ```swift
/// let cities = try db.session { try Person.select(#Predicate { $0.age >= 18 }).distinct(\.city) }
/// ```
extension Query {
    /// The attribute's value in each matching row, in the query's order (its `order(by:)` keys, then the key).
    public func values<Value: DatabaseValueConvertible>(_ keyPath: KeyPath<E, Value>) throws -> [Value] {
        try projection(keyPath, "values") { inner in "SELECT projected FROM (\(inner)) AS matching" }
    }

    /// The attribute's different values over the matching rows, each once, ordered by value (as the database orders
    /// the column: SQLite compares text byte by byte, PostgreSQL by the database's collation); `nil` first.
    public func distinct<Value: DatabaseValueConvertible & Hashable>(_ keyPath: KeyPath<E, Value>) throws -> [Value] {
        try projection(keyPath, "distinct") { inner in
            "SELECT DISTINCT projected FROM (\(inner)) AS matching ORDER BY projected ASC NULLS FIRST"
        }
    }

    /// Runs `wrap` around the query selecting the attribute's column as `projected`, and decodes each row's value.
    private func projection<Value: DatabaseValueConvertible>(
        _ keyPath: KeyPath<E, Value>, _ name: String, _ wrap: (String) -> String
    ) throws -> [Value] {
        let entity = E._ponyEntity.name
        let (cache, mapping, column) = try attributeColumn(keyPath, for: name, "have values in a column")
        let (inner, arguments) = statement(selecting: "SELECT \(quoted(column)) AS projected FROM \(quoted(mapping.table))", mapping: mapping)
        return try cache.rows(sql: wrap(inner), arguments: arguments).map { row in
            guard let value = Value(databaseValue: row[0]) else {
                throw PonyError.decoding("column '\(column)' of \(entity) holds \(row[0]), which is not a \(Value.self)")
            }
            return value
        }
    }
}
