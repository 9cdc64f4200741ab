import Foundation

/// A query over one entity: filters, ordering and a limit or page, run when you call ``fetch()`` (or
/// ``first()``, ``count()``, ``exists()``, ``snapshots()``, ``delete()``, or an aggregate such as
/// ``sum(_:)-(KeyPath<E,Value>)`` and ``avg(_:)-(KeyPath<E,Value>)``) inside a session.
///
/// Building a query does not touch the database, so it can be built anywhere; running it needs a session.
///
/// ```swift
/// let query = try Person.select(#Predicate { $0.age >= 18 })
///     .order(by: \.name)
///     .limit(10)
/// let names = try db.session { try query.fetch().map(\.name) }
/// ```
public struct Query<E: Entity>: Sendable {
    private var conditions: [SQLExpression] = []
    private var ordering: [String] = []
    private var limitCount: Int?
    private var offsetCount = 0
    var prefetches: [Prefetch] = []

    init() {}

    /// Adds a condition, combined with earlier ones by AND.
    public func filter(_ predicate: Predicate<E>) throws -> Query {
        var query = self
        query.conditions.append(try PredicateTranslator.translate(predicate, mapping: E._ponyEntity.requireMapping()))
        return query
    }

    /// Sorts by an attribute; call again to add tie-breakers. Unordered queries return rows in key order.
    public func order<Value>(by keyPath: KeyPath<E, Value>, _ direction: SortDirection = .ascending) throws -> Query {
        let mapping = try E._ponyEntity.requireMapping()
        guard let column = mapping.columnsByKeyPath[keyPath] else {
            throw PonyError.unsupportedPredicate(
                node: "\(keyPath)", reason: "only stored attributes of \(mapping.name) can be used to order a query")
        }
        var query = self
        query.ordering.append("\(quoted(column)) \(direction == .ascending ? "ASC" : "DESC")")
        return query
    }

    /// Returns at most `count` objects, skipping the first `offset`.
    public func limit(_ count: Int, offset: Int = 0) -> Query {
        var query = self
        query.limitCount = Swift.max(count, 0)
        query.offsetCount = Swift.max(offset, 0)
        return query
    }

    /// The `number`th page of `size` objects, numbered from 1 (PonyORM's `page`): the same as
    /// `limit(size, offset: (number - 1) * size)`. Order the query first, so pages do not depend on key order.
    ///
    /// ```swift
    /// let second = try Person.select().order(by: \.name).page(2, size: 50).fetch()
    /// ```
    ///
    /// Throws ``PonyError/configuration(_:)`` for a page number or size below 1, or a page beyond `Int.max` rows.
    public func page(_ number: Int, size: Int = 10) throws -> Query {
        guard number >= 1 else {
            throw PonyError.configuration("page(\(number), size: \(size)): pages are numbered from 1")
        }
        guard size >= 1 else {
            throw PonyError.configuration("page(\(number), size: \(size)): a page holds at least 1 object")
        }
        let (offset, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        guard !overflow else {
            throw PonyError.configuration("page(\(number), size: \(size)): the page starts beyond \(Int.max) rows")
        }
        return limit(size, offset: offset)
    }

    /// Runs the query. Objects already in the session are returned as they are (the identity map).
    public func fetch() throws -> [E] {
        let cache = try E._ponySessionCache("\(E._ponyEntity.name).select(…).fetch()")
        let mapping = try E._ponyEntity.requireMapping()
        let (sql, arguments) = statement(selecting: mapping.selectSQL, mapping: mapping)
        let objects = try cache.fetchAll(E.self, sql: sql, arguments: arguments)
        for prefetch in prefetches where !objects.isEmpty {
            let (foreignKeys, arguments) = statement(
                selecting: "SELECT \(quoted(prefetch.column)) FROM \(quoted(mapping.table))", mapping: mapping)
            try prefetch.load(cache, foreignKeys, arguments)(objects)
        }
        return objects
    }

    /// The first object, or `nil`.
    public func first() throws -> E? {
        try limit(1, offset: offsetCount).fetch().first
    }

    /// The number of matching rows (respecting ``limit(_:offset:)``).
    public func count() throws -> Int {
        let cache = try E._ponySessionCache("\(E._ponyEntity.name).select(…).count()")
        let mapping = try E._ponyEntity.requireMapping()
        let (inner, arguments) = statement(selecting: "SELECT 1 FROM \(quoted(mapping.table))", mapping: mapping)
        let value = try cache.scalar(sql: "SELECT COUNT(*) FROM (\(inner)) AS matching", arguments: arguments)
        guard case .integer(let count) = value else { return 0 }
        return Int(count)
    }

    /// Whether any row matches.
    public func exists() throws -> Bool {
        try limit(1, offset: offsetCount).count() > 0
    }

    /// Snapshots of the matching objects: the `Codable` result to return from a session.
    ///
    /// ```swift
    /// let json = try JSONEncoder().encode(try db.session { try Person.select().snapshots() })
    /// ```
    public func snapshots() throws -> [E.Snapshot] {
        try fetch().snapshots()
    }

    /// Deletes every matching object, one by one so delete rules apply; returns how many were deleted.
    @discardableResult
    public func delete() throws -> Int {
        let objects = try fetch()
        for object in objects { try object.delete() }
        return objects.count
    }

    /// The SQL text of the query after `select`, with its arguments.
    func statement(selecting select: String, mapping: EntityMapping) -> (String, SQLArguments) {
        var sql = select
        var arguments: SQLArguments = []
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.map(\.sql).joined(separator: " AND ")
            arguments = conditions.flatMap(\.arguments)
        }
        sql += " ORDER BY " + (ordering + [mapping.keyOrdering()]).joined(separator: ", ")
        if let limitCount {
            sql += " LIMIT ? OFFSET ?"
            arguments += [Int64(limitCount), Int64(offsetCount)]
        }
        return (sql, arguments)
    }
}

/// The direction of ``Query/order(by:_:)``.
public enum SortDirection: Sendable {
    case ascending
    case descending
}
