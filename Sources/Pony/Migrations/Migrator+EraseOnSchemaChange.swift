extension Migrator {
    /// Why the database must be erased before migrating (``eraseDatabaseOnSchemaChange``), or nil when the
    /// migrations it records are registered, in the same order, and its tables are what they make.
    func schemaChange(recorded: [String], on connection: Connection, driver: any DatabaseDriver) throws -> String? {
        let registered = names
        if let unknown = recorded.first(where: { !registered.contains($0) }) {
            return "it records migration '\(unknown)', which this program does not register (renamed or removed)"
        }
        let applied = registered.prefix { recorded.contains($0) }
        if let skipped = registered.dropFirst(applied.count).first(where: recorded.contains) {
            return "it records migration '\(skipped)' as applied but not '\(registered[applied.count])', registered before it"
        }
        let expected = try scratchSchema(applying: migrations.prefix(applied.count), driver: driver)
        let actual = try SchemaSnapshot.read(on: connection, excluding: [Self.table])
        let differences = expected.differences(from: actual)
        return differences.isEmpty ? nil : differences.joined(separator: "; ")
    }

    /// Drops every table of the database, the recording table too, in one transaction.
    func erase(on connection: Connection, reason: String) throws {
        try inTransaction(connection, name: "(erasing the database: \(reason))") { connection in
            let tables = try SchemaSnapshot.read(on: connection, excluding: []).tables.keys.sorted()
            for sql in connection.dialect.dropTables(tables.map(quoted)) { try connection.execute(sql) }
        }
    }

    /// The tables `migrations` make on an empty database: run on a scratch one, in a transaction rolled back.
    private func scratchSchema(applying migrations: ArraySlice<Migration>, driver: any DatabaseDriver) throws -> SchemaSnapshot {
        let scratch = Connection(backend: try driver.connectScratch(), dialect: driver.dialect, statementCacheSize: 0)
        defer { scratch.close() }
        try scratch.execute(scratch.dialect.beginSchemaTransaction)
        defer { try? scratch.execute("ROLLBACK") }
        for sql in scratch.dialect.scratchSchemaSetup { try scratch.execute(sql) }
        for migration in migrations {
            do {
                try migration.body(SchemaChange(connection: scratch))
            } catch {
                throw PonyError.migration(
                    name: migration.name,
                    message: "eraseDatabaseOnSchemaChange runs the applied migrations on an empty database to learn the tables they make, "
                        + "and this one failed there: \(error). Make it run on an empty database too (check change.columns(of:) first)")
            }
        }
        return try SchemaSnapshot.read(on: scratch, excluding: [])
    }
}
