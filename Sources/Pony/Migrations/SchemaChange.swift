/// The steps a migration can take, each one SQL statement on the database being migrated, in the
/// migration's transaction. ``execute(sql:arguments:)`` runs anything else.
///
/// ```swift
/// migrator.registerMigration("v2") { change in
///     try change.addColumn("priority", to: "Todo", type: .integer, nullable: false, default: 0)
///     try change.renameColumn("title", to: "name", in: "Todo")
/// }
/// ```
public struct SchemaChange {
    let connection: Connection

    /// Adds a column. A NOT NULL column needs a `default` when the table has rows; existing rows get it.
    /// Defaults can be integers, reals, text, NULL, or `true`/`false` for `.boolean` columns.
    public func addColumn(
        _ column: String, to table: String, type: DatabaseType, nullable: Bool = true, default value: DatabaseValue? = nil
    ) throws {
        var definition = "\(quoted(column)) \(connection.dialect.columnType(type))"
        if !nullable { definition += " NOT NULL" }
        if let value { definition += " DEFAULT \(try Self.literal(value, type: type, column: column))" }
        try connection.execute("ALTER TABLE \(quoted(table)) ADD COLUMN \(definition)")
    }

    /// Creates an index named `name` on `columns` of `table`.
    public func createIndex(_ name: String, on table: String, columns: [String], unique: Bool = false) throws {
        try connection.execute(
            "CREATE \(unique ? "UNIQUE " : "")INDEX \(quoted(name)) ON \(quoted(table)) (\(columns.map(quoted).joined(separator: ", ")))")
    }

    /// Drops the index named `name`.
    public func dropIndex(_ name: String) throws {
        try connection.execute("DROP INDEX \(quoted(name))")
    }

    public func renameColumn(_ column: String, to newName: String, in table: String) throws {
        try connection.execute("ALTER TABLE \(quoted(table)) RENAME COLUMN \(quoted(column)) TO \(quoted(newName))")
    }

    public func renameTable(_ table: String, to newName: String) throws {
        try connection.execute("ALTER TABLE \(quoted(table)) RENAME TO \(quoted(newName))")
    }

    /// The names of the table's columns; empty when there is no such table. For migrations that must also
    /// run on a database `generateMapping(createTables: true)` has not created yet:
    ///
    /// ```swift
    /// if try change.columns(of: "Todo").isEmpty == false {
    ///     try change.addColumn("priority", to: "Todo", type: .integer, nullable: false, default: 0)
    /// }
    /// ```
    public func columns(of table: String) throws -> [String] {
        try connection.columns(of: table).map(\.name)
    }

    /// Runs any SQL, with `?` parameters; returns the number of rows it changed.
    @discardableResult
    public func execute(sql: String, arguments: [(any DatabaseValueConvertible)?] = []) throws -> Int {
        let statement = try connection.statement(sql, cached: false)
        try statement.bind(arguments)
        try statement.run()
        return statement.changedRowCount
    }

    /// `value` as a SQL literal for a DEFAULT clause.
    static func literal(_ value: DatabaseValue, type: DatabaseType, column: String) throws -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number) where type == .boolean: return number == 0 ? "FALSE" : "TRUE"
        case .integer(let number): return String(number)
        case .real(let number) where number.isFinite: return String(number)
        case .text(let text): return "'\(text.replacingOccurrences(of: "'", with: "''"))'"
        case .real, .blob:
            throw PonyError.configuration(
                "addColumn \(quoted(column)): a default of \(value.storageClass) \(value) cannot be written as SQL here; add the column with execute(sql:)")
        }
    }
}
