/// Aggregates over the matching rows, PonyORM's `sum`, `min`, `max`, `avg` and `count(distinct=True)`: one
/// `SELECT` that returns one value, computed by the database, never by loading the objects.
///
/// ```swift
/// let adults = try Person.select(#Predicate { $0.age >= 18 })
/// let (people, years, oldest) = try db.session {
///     (try adults.count(), try adults.sum(\.age), try adults.max(\.age))
/// }
/// ```
///
/// Each respects the query's filters and its ``limit(_:offset:)`` or ``page(_:size:)``: the aggregate is taken
/// over the rows the query would fetch. Pending changes of the session are flushed first, so they are counted.
/// `nil` attributes are skipped, as SQL does.
extension Query {
    /// The sum of an attribute over the matching rows; zero when no row matches or every value is `nil`.
    public func sum<Value: DatabaseValueConvertible & AdditiveArithmetic>(_ keyPath: KeyPath<E, Value>) throws -> Value {
        try aggregate("SUM(aggregated)", of: keyPath, castTo: Value.databaseType, as: Value.self, "sum") ?? .zero
    }

    /// The sum of an optional attribute over the matching rows, `nil` values skipped; zero when there are none.
    public func sum<Value: DatabaseValueConvertible & AdditiveArithmetic>(_ keyPath: KeyPath<E, Value?>) throws -> Value {
        try aggregate("SUM(aggregated)", of: keyPath, castTo: Value.databaseType, as: Value.self, "sum") ?? .zero
    }

    /// The smallest value of an attribute over the matching rows; `nil` when no row matches.
    public func min<Value: DatabaseValueConvertible & Comparable>(_ keyPath: KeyPath<E, Value>) throws -> Value? {
        try aggregate("MIN(aggregated)", of: keyPath, castTo: nil, as: Value.self, "min")
    }

    /// The smallest non-`nil` value of an optional attribute; `nil` when there is none.
    public func min<Value: DatabaseValueConvertible & Comparable>(_ keyPath: KeyPath<E, Value?>) throws -> Value? {
        try aggregate("MIN(aggregated)", of: keyPath, castTo: nil, as: Value.self, "min")
    }

    /// The largest value of an attribute over the matching rows; `nil` when no row matches.
    public func max<Value: DatabaseValueConvertible & Comparable>(_ keyPath: KeyPath<E, Value>) throws -> Value? {
        try aggregate("MAX(aggregated)", of: keyPath, castTo: nil, as: Value.self, "max")
    }

    /// The largest non-`nil` value of an optional attribute; `nil` when there is none.
    public func max<Value: DatabaseValueConvertible & Comparable>(_ keyPath: KeyPath<E, Value?>) throws -> Value? {
        try aggregate("MAX(aggregated)", of: keyPath, castTo: nil, as: Value.self, "max")
    }

    /// The mean of a numeric attribute over the matching rows; `nil` when no row matches.
    public func avg<Value: DatabaseValueConvertible & Numeric>(_ keyPath: KeyPath<E, Value>) throws -> Double? {
        try aggregate("AVG(aggregated)", of: keyPath, castTo: .real, as: Double.self, "avg")
    }

    /// The mean of the non-`nil` values of an optional numeric attribute; `nil` when there are none.
    public func avg<Value: DatabaseValueConvertible & Numeric>(_ keyPath: KeyPath<E, Value?>) throws -> Double? {
        try aggregate("AVG(aggregated)", of: keyPath, castTo: .real, as: Double.self, "avg")
    }

    /// How many different non-`nil` values an attribute has over the matching rows.
    public func count<Value>(distinct keyPath: KeyPath<E, Value>) throws -> Int {
        try aggregate("COUNT(DISTINCT aggregated)", of: keyPath, castTo: nil, as: Int.self, "count(distinct:)") ?? 0
    }

    /// Runs `SELECT CAST(call AS type) FROM (the query, selecting the attribute's column as aggregated)` and decodes
    /// the one value; `nil` for SQL NULL. The cast makes PostgreSQL's `numeric` sums and averages the
    /// attribute's own type (`bigint`) or `double precision`.
    private func aggregate<Result: DatabaseValueConvertible>(
        _ call: String, of keyPath: AnyKeyPath, castTo type: DatabaseType?, as: Result.Type, _ name: String
    ) throws -> Result? {
        let entity = E._ponyEntity.name
        let (cache, mapping, column) = try attributeColumn(keyPath, for: name, "can be aggregated")
        let (inner, arguments) = statement(selecting: "SELECT \(quoted(column)) AS aggregated FROM \(quoted(mapping.table))", mapping: mapping)
        let expression = type.map { "CAST(\(call) AS \(mapping.dialect.columnType($0)))" } ?? call
        let value = try cache.scalar(sql: "SELECT \(expression) FROM (\(inner)) AS matching", arguments: arguments)
        if case .null = value { return nil }
        guard let result = Result(databaseValue: value) else {
            throw PonyError.decoding("\(entity).select(…).\(name)(\(keyPath)) returned \(value), which is not a \(Result.self)")
        }
        return result
    }

    /// The session, mapping and column for an attribute a query method reads (`sum(\.total)`): `name` is the method,
    /// `purpose` what only a stored attribute can do, for the error.
    func attributeColumn(
        _ keyPath: AnyKeyPath, for name: String, _ purpose: String
    ) throws -> (SessionCache, EntityMapping, String) {
        let entity = E._ponyEntity.name
        let cache = try E._ponySessionCache("\(entity).select(…).\(name)(…)")
        let mapping = try E._ponyEntity.requireMapping()
        guard let column = mapping.columnsByKeyPath[keyPath] else {
            throw PonyError.unsupportedPredicate(node: "\(name)(\(keyPath))", reason: "only stored attributes of \(entity) \(purpose)")
        }
        return (cache, mapping, column)
    }
}
