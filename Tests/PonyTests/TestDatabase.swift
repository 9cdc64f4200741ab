import Foundation
import Logging
import Pony
import PonyPostgreSQL

/// A fresh, empty database with the given entities mapped. Disconnect it at the end of the test so the
/// entity types can be mapped again by the next one.
///
/// Which database: `PONY_TEST_DATABASE=postgresql` runs the ORM suite on the PostgreSQL server of
/// `PONY_TEST_POSTGRES_URL` (`scripts/test` does both passes), each database in a schema of its own; otherwise
/// a private in-memory SQLite database. A `path` asks for a SQLite file, whatever the variable says.
func makeDatabase(_ entities: [any Entity.Type], path: String = ":memory:") throws -> Database {
    let db = Database()
    if path == ":memory:", let url = try TestDatabaseKind.postgresURL() {
        try db.bind(.postgres(url: try TestDatabaseKind.freshSchema(on: url)))
    } else {
        try db.bind(.sqlite(path: path, create: true))
    }
    try db.generateMapping(entities, createTables: true)
    return db
}

/// The database the ORM suite runs on, from `PONY_TEST_DATABASE`.
enum TestDatabaseKind {
    static let name = ProcessInfo.processInfo.environment["PONY_TEST_DATABASE"] ?? "sqlite"
    static var isPostgreSQL: Bool { name == "postgresql" }

    /// The server's URL when the suite runs on PostgreSQL; throws when it should but none is set.
    static func postgresURL() throws -> String? {
        guard isPostgreSQL else { return nil }
        guard let url = ProcessInfo.processInfo.environment["PONY_TEST_POSTGRES_URL"] else {
            throw PonyError.configuration("PONY_TEST_DATABASE=postgresql needs PONY_TEST_POSTGRES_URL: run through scripts/with-postgres")
        }
        return url
    }

    /// `text` with every test server URL replaced by `:memory:`, the name of `makeDatabase`'s SQLite databases.
    static func namingMemory(_ text: String) -> String {
        text.replacing(/postgresql:\/\/pony:\*\*\*@[^']*/, with: ":memory:")
    }

    /// Whether `message` is the database's report of a duplicate in a UNIQUE column.
    static func isUniqueViolation(_ message: String, table: String, column: String) -> Bool {
        if isPostgreSQL {
            return message.hasPrefix("duplicate key value violates unique constraint \"\(table)_\(column == "id" ? "pkey" : "\(column)_key")\"")
        }
        return message == "UNIQUE constraint failed: \(table).\(column)"
    }

    /// Creates a new schema and returns `url` with it as the search path, so the test's tables are its own.
    static func freshSchema(on url: String) throws -> String {
        let schema = "pony_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        let setup = Database()
        try setup.bind(.postgres(url: url, maxConnections: 1))
        defer { try? setup.disconnect() }
        try setup.session { _ = try setup.execute(sql: "CREATE SCHEMA \(schema)") }
        let separator = url.contains("?") ? "&" : "?"
        return "\(url)\(separator)options=-csearch_path%3D\(schema)"
    }
}

/// This test process's scratch folder; removed when the process exits, so test runs leave nothing behind.
let scratchFolder: URL = {
    atexit { try? FileManager.default.removeItem(at: scratchFolder) }
    return FileManager.default.temporaryDirectory.appendingPathComponent("pony-tests-\(getpid())-\(UUID().uuidString)")
}()

/// A path for a database file in a fresh folder inside ``scratchFolder``.
func temporaryDatabasePath(_ name: String = "test.sqlite") throws -> String {
    let directory = scratchFolder.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

/// How many rows `table` holds, counted in a session of its own.
func rowCount(_ table: String, in db: Database) throws -> Int {
    try db.session { try db.select(sql: "SELECT COUNT(*) AS n FROM \"\(table)\"")[0].decode("n", as: Int.self) }
}

/// The SELECT statements `body` runs in one session of `db`, read from the SQL log.
func selectStatements(in db: Database, _ body: () throws -> Void) throws -> [String] {
    let captured = CapturedLog()
    db.sqlLog = SQLLog(logger: captured.logger())
    defer { db.sqlLog = nil }
    try db.session { try body() }
    return captured.messages.filter { $0.hasPrefix("SELECT") }
}
