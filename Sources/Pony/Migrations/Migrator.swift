import Foundation

/// Versioned schema changes, applied in the order they were registered, each once, each in a transaction of
/// its own, and recorded in the database's `pony_migrations` table. Run it at start-up, before
/// `generateMapping`. GRDB's `DatabaseMigrator` is the model.
///
/// ```swift
/// var migrator = Migrator()
/// migrator.registerMigration("v2: todo priority") { change in
///     try change.addColumn("priority", to: "Todo", type: .integer, default: 0)
/// }
/// migrator.registerMigration("v3: index titles") { change in
///     try change.createIndex("todo_title", on: "Todo", columns: ["title"])
/// }
/// try migrator.migrate(db)
/// try db.generateMapping([Todo.self], createTables: true)
/// ```
///
/// A migration that throws is rolled back — DDL is transactional in SQLite and PostgreSQL — so the database is
/// exactly as it was before it, and ``migrate(_:)`` throws ``PonyError/migration(name:message:)`` naming it.
/// Several app instances starting at once are safe: each migration runs under a lock and is skipped by the
/// instances that find it recorded. A database that records a migration this program does not register was
/// migrated by a newer version of the program: `migrate` refuses to run against it.
///
/// While developing, when migrations still change, set ``eraseDatabaseOnSchemaChange``.
public struct Migrator: Sendable {
    /// The table that records applied migrations: one row per migration, its name and when it ran.
    public static let table = "pony_migrations"

    typealias Migration = (name: String, body: @Sendable (SchemaChange) throws -> Void)
    private(set) var migrations: [Migration] = []

    /// For development only — it deletes data. When set, ``migrate(_:)`` first compares the database with
    /// what its migrations make, and when they differ it drops every table of the database (the entities'
    /// too) and applies every migration again on the empty database; `generateMapping(createTables: true)`
    /// then creates the entities' tables afresh. They differ when the database records a migration this
    /// program does not register (renamed or removed), records one but not another registered before it, or
    /// when a table the applied migrations make — run on an empty scratch database (SQLite: in memory;
    /// PostgreSQL: a schema of its own, rolled back) — has other columns (name, type, nullability) or indexes
    /// in the database. So editing a migration that already ran rebuilds the development database, as GRDB's
    /// `eraseDatabaseOnSchemaChange` does. The applied migrations must run on an empty database for this.
    ///
    /// ```swift
    /// var migrator = Migrator()
    /// #if DEBUG
    /// migrator.eraseDatabaseOnSchemaChange = true
    /// #endif
    /// ```
    public var eraseDatabaseOnSchemaChange = false

    public init() {}

    /// Adds a migration; `name` identifies it in the database forever, so never rename or reuse one.
    public mutating func registerMigration(_ name: String, _ body: @escaping @Sendable (SchemaChange) throws -> Void) {
        migrations.append((name, body))
    }

    /// The names of the registered migrations, in order.
    public var names: [String] { migrations.map(\.name) }

    /// Applies every registered migration the database has not recorded, in order, and says which ran.
    @discardableResult
    public func migrate(_ db: Database) throws -> MigrationReport {
        try checkNames()
        let binding = try db.requireBinding()
        let connection = try binding.pool.acquire(purpose: "migrate")
        defer { binding.pool.release(connection) }
        let table = quoted(Self.table)
        try inTransaction(connection, name: "(recording table)", createRecordingTable)
        var report = MigrationReport()
        if eraseDatabaseOnSchemaChange,
            let reason = try schemaChange(recorded: try Self.recordedNames(on: connection), on: connection, driver: binding.driver)
        {
            try erase(on: connection, reason: reason)
            report.erasedBecause = reason
            try inTransaction(connection, name: "(recording table)", createRecordingTable)
        }
        try checkRecorded(try Self.recordedNames(on: connection), location: connection.location)
        for migration in migrations {
            try inTransaction(connection, name: migration.name) { connection in
                guard !(try Self.recordedNames(on: connection)).contains(migration.name) else { return }
                try migration.body(SchemaChange(connection: connection))
                let record = try connection.statement("INSERT INTO \(table) (\"name\", \"applied_at\") VALUES (?, ?)", cached: false)
                try record.bind([migration.name, Date().ISO8601Format()])
                try record.run()
                report.applied.append(migration.name)
            }
        }
        return report
    }

    private func createRecordingTable(on connection: Connection) throws {
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS \(quoted(Self.table)) (\"name\" TEXT NOT NULL PRIMARY KEY, \"applied_at\" TEXT NOT NULL)")
    }

    /// The migrations the database records as applied: the registered ones in registration order (the order
    /// they ran), then any this program does not register.
    public func appliedMigrations(in db: Database) throws -> [String] {
        let binding = try db.requireBinding()
        let connection = try binding.pool.acquire(purpose: "appliedMigrations")
        defer { binding.pool.release(connection) }
        let recorded = try Self.recordedNames(on: connection)
        return names.filter(recorded.contains) + recorded.filter { !names.contains($0) }
    }

    private func checkNames() throws {
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            throw PonyError.migration(name: name, message: "two migrations are registered under this name; every migration needs a name of its own")
        }
    }

    private func checkRecorded(_ recorded: [String], location: String) throws {
        let known = Set(names)
        if let unknown = recorded.first(where: { !known.contains($0) }) {
            throw PonyError.migration(
                name: unknown,
                message: "'\(location)' records this migration as applied, but this program does not register it: the database was migrated by a newer version of the program")
        }
    }

    /// Runs `body` in a schema transaction holding the migration lock (``SQLDialect/migrationLock``): committed
    /// when it returns, rolled back when it throws.
    func inTransaction(_ connection: Connection, name: String, _ body: (Connection) throws -> Void) throws {
        do {
            try connection.execute(connection.dialect.beginSchemaTransaction)
            if let lock = connection.dialect.migrationLock { try connection.execute(lock) }
        } catch {
            try? connection.execute("ROLLBACK")
            throw PonyError.migration(name: name, message: "cannot begin its transaction: \(error)")
        }
        do {
            try body(connection)
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            if case PonyError.migration = error { throw error }
            throw PonyError.migration(name: name, message: "failed and was rolled back, the database is as before it: \(error)")
        }
    }

    /// The recorded names; none when the table does not exist yet.
    private static func recordedNames(on connection: Connection) throws -> [String] {
        guard !(try connection.columns(of: table)).isEmpty else { return [] }
        let select = try connection.statement("SELECT \"name\" FROM \(quoted(table)) ORDER BY \"applied_at\"", cached: false)
        var names: [String] = []
        while try select.step() { names.append(select.column(0).text) }
        return names
    }
}

/// What ``Migrator/migrate(_:)`` did.
public struct MigrationReport: Sendable, Equatable {
    /// The migrations this call applied, in order; empty when the database had them all.
    public var applied: [String] = []
    /// Why the database was erased first (``Migrator/eraseDatabaseOnSchemaChange``), or nil when it was not.
    public var erasedBecause: String?

    public init(applied: [String] = [], erasedBecause: String? = nil) {
        self.applied = applied
        self.erasedBecause = erasedBecause
    }
}
