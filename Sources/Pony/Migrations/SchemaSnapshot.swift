/// The tables of one database as the migrator compares them: each table's columns (name, declared type,
/// nullability, in order) and the first column of each of its indexes.
struct SchemaSnapshot: Equatable {
    struct Table: Equatable {
        var columns: [TableColumn]
        var indexedColumns: [String]
    }

    var tables: [String: Table]

    /// Reads every table of the database `connection` goes to (its current schema), but `excluding`.
    static func read(on connection: Connection, excluding excluded: Set<String>) throws -> SchemaSnapshot {
        let list = try connection.statement(connection.dialect.tablesQuery, cached: false)
        var names: [String] = []
        while try list.step() { names.append(list.column(0).text) }
        var tables: [String: Table] = [:]
        for name in names where !excluded.contains(name) {
            tables[name] = try readTable(name, on: connection)
        }
        return SchemaSnapshot(tables: tables)
    }

    /// Types in capitals, so that messages read the same on every database.
    private static func readTable(_ name: String, on connection: Connection) throws -> Table {
        Table(
            columns: try connection.columns(of: name).map { TableColumn(name: $0.name, type: $0.type.uppercased(), nullable: $0.nullable) },
            indexedColumns: try connection.indexedColumns(of: name).sorted())
    }

    /// How `actual` differs from this snapshot in the tables this one has, a sentence per table; empty when
    /// it has them all as they are here. Tables only `actual` has are not differences: the entities' tables,
    /// which `generateMapping` creates, are not the migrations'.
    func differences(from actual: SchemaSnapshot) -> [String] {
        tables.keys.sorted().compactMap { name in
            let expected = tables[name]!
            guard let found = actual.tables[name] else { return "table \(quoted(name)) is missing" }
            if found.columns != expected.columns {
                return "table \(quoted(name)) has columns (\(found.columns.map(\.description).joined(separator: ", "))), "
                    + "the migrations make (\(expected.columns.map(\.description).joined(separator: ", ")))"
            }
            if found.indexedColumns != expected.indexedColumns {
                return "table \(quoted(name)) has indexes on (\(found.indexedColumns.map(quoted).joined(separator: ", "))), "
                    + "the migrations make them on (\(expected.indexedColumns.map(quoted).joined(separator: ", ")))"
            }
            return nil
        }
    }
}
