extension Database {
    /// Runs SQL that returns no rows, with `?` parameters bound to `arguments`, in the current session;
    /// returns the number of rows changed. Pending changes are flushed first. Pony: `db.execute(sql)`.
    ///
    /// ```swift
    /// try db.session {
    ///     try db.execute(sql: "UPDATE Person SET age = age + 1 WHERE name = ?", arguments: ["Ann"])
    /// }
    /// ```
    ///
    /// Objects already loaded in the session do not see rows changed this way. The prepared statement is
    /// kept for reuse in the connection's statement cache; pass `cached: false` for SQL that is built anew each
    /// time, so it does not push reused statements out.
    @discardableResult
    public func execute(sql: String, arguments: [(any DatabaseValueConvertible)?] = [], cached: Bool = true) throws -> Int {
        try cacheInCurrentSession("execute(sql:)").execute(sql: sql, arguments: arguments, cached: cached)
    }

    /// Runs a query with `?` parameters bound to `arguments` in the current session and returns its rows.
    /// Pending changes are flushed first. Pony: `db.select(sql)`.
    ///
    /// ```swift
    /// let rows = try db.session {
    ///     try db.select(sql: "SELECT name, age FROM Person WHERE age >= ?", arguments: [18])
    /// }
    /// let name: String = try rows[0].decode("name")
    /// ```
    ///
    /// `cached: false` prepares a one-off statement instead of keeping it in the statement cache.
    public func select(sql: String, arguments: [(any DatabaseValueConvertible)?] = [], cached: Bool = true) throws -> [Row] {
        var names: [String] = []
        let rows = try cacheInCurrentSession("select(sql:)").rows(sql: sql, arguments: arguments, cached: cached) { statement in
            names = (0..<statement.columnCount).map(statement.columnName)
        }
        return rows.map { Row(columns: names, values: $0) }
    }

    private func cacheInCurrentSession(_ operation: String) throws -> SessionCache {
        _ = try requireBinding()
        guard let context = SessionContext.current else {
            throw PonyError.sessionRequired(operation: operation)
        }
        return context.cache(for: self)
    }
}

/// One row of a raw ``Database/select(sql:arguments:)``.
public struct Row: Sendable, Equatable {
    /// The column names, in the order of the SELECT.
    public let columns: [String]
    /// The values, in column order.
    public let values: [DatabaseValue]

    public init(columns: [String], values: [DatabaseValue]) {
        precondition(columns.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value of the named column, or `nil` if the row has no such column.
    public subscript(column: String) -> DatabaseValue? {
        columns.firstIndex(of: column).map { values[$0] }
    }

    /// The value of the named column as `T`; throws naming the column when it is missing or does not fit.
    public func decode<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = self[column] else {
            throw PonyError.decoding("the row has no column '\(column)'; columns: \(columns.joined(separator: ", "))")
        }
        if case .null = value, !T._ponyIsOptional {
            throw PonyError.decoding("column '\(column)': expected \(T.self), found NULL")
        }
        guard let decoded = T(databaseValue: value) else {
            throw PonyError.decoding("column '\(column)': expected \(T.self), found \(value.storageClass) \(value)")
        }
        return decoded
    }
}
