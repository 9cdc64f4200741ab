/// SQLite's SQL. Booleans, dates and UUIDs use the storage classes Pony has always given them, so files
/// created by earlier versions keep working: INTEGER 0/1, REAL seconds since 1970, TEXT.
struct SQLiteDialect: SQLDialect {
    var name: String { "SQLite" }

    func columnType(_ type: DatabaseType) -> String {
        switch type {
        case .integer, .boolean: "INTEGER"
        case .real, .timestamp: "REAL"
        case .text, .uuid: "TEXT"
        case .blob: "BLOB"
        }
    }

    /// `INTEGER PRIMARY KEY` makes the column the table's rowid: SQLite assigns it.
    func generatedKeyDefinition(_ quotedColumn: String) -> String {
        "\(quotedColumn) INTEGER PRIMARY KEY"
    }

    /// Unchanged: the new key is read with `sqlite3_last_insert_rowid`.
    func insertReturningKey(_ insert: String, quotedKey: String) -> String { insert }

    var tableColumnsQuery: String { "SELECT name, type, \"notnull\" = 0 AND pk = 0 FROM pragma_table_info(?)" }
    var indexedColumnsQuery: String {
        "SELECT info.name FROM pragma_index_list(?) AS list, pragma_index_info(list.name) AS info WHERE info.seqno = 0"
    }

    var indexNamesQuery: String { "SELECT name FROM pragma_index_list(?)" }

    func declaredType(_ declared: String, stores type: DatabaseType) -> Bool {
        declared.uppercased() == columnType(type)
    }
    /// Deferred: a session that only reads never takes the write lock.
    var beginTransaction: String { "BEGIN" }
    /// Immediate: the schema check and creation happen under the write lock.
    var beginSchemaTransaction: String { "BEGIN IMMEDIATE" }
    var nullSafeEqual: String { "IS" }
    var nullSafeNotEqual: String { "IS NOT" }
    var substringPosition: String { "instr" }
    var floatingPointType: String { "REAL" }
    /// None: `BEGIN IMMEDIATE` already holds the file's write lock.
    var migrationLock: String? { nil }
    var tablesQuery: String {
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    }
    /// Foreign keys deferred to the commit, when the tables that referenced each other are all gone.
    func dropTables(_ quotedTables: [String]) -> [String] {
        ["PRAGMA defer_foreign_keys = ON"] + quotedTables.map { "DROP TABLE \($0)" }
    }
    var scratchSchemaSetup: [String] { [] }
}
