import CSQLite
import Foundation

/// One open SQLite connection: the SQLite driver's ``ConnectionBackend``.
final class SQLiteConnection: ConnectionBackend {
    let handle: OpaquePointer
    let path: String

    /// Opens (or creates) the database at `path` and applies Pony's connection settings.
    init(path: String, create: Bool, busyTimeout: Duration, walMode: Bool, durability: SQLiteDurability) throws(PonyError) {
        var handle: OpaquePointer?
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        if create { flags |= SQLITE_OPEN_CREATE }
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            let hint = create ? Self.missingFolderHint(path) : " (pass create: true to create it)"
            throw PonyError.configuration("cannot open SQLite database at '\(path)': \(message)\(hint)")
        }
        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        do {
            try execute("PRAGMA foreign_keys = ON")
            if walMode && !Self.isInMemory(path) {
                try execute("PRAGMA journal_mode = WAL")
                try execute("PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            }
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
    }

    /// " (the folder 'data' does not exist)" when that is why SQLite could not create the file, else "".
    private static func missingFolderHint(_ path: String) -> String {
        guard !isInMemory(path), !path.hasPrefix("file:") else { return "" }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return "" }
        let relative = path.hasPrefix("/") ? "" : "; relative paths start at \(FileManager.default.currentDirectoryPath)"
        return " (the folder '\(folder.path)' does not exist\(relative))"
    }

    static func isInMemory(_ path: String) -> Bool {
        path == ":memory:" || path.isEmpty || path.contains("mode=memory")
    }

    var location: String { path }

    func close() {
        sqlite3_close_v2(handle)
    }

    func execute(_ sql: String) throws(PonyError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw Self.error(code: code, connection: handle, sql: sql, path: path) }
    }

    func prepare(_ sql: String) throws(PonyError) -> Statement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw Self.error(code: code, connection: handle, sql: sql, path: path)
        }
        return Statement(sqlite: statement, sql: sql, location: path)
    }

    var openStatementCount: Int {
        var count = 0
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            count += 1
            statement = sqlite3_next_stmt(handle, current)
        }
        return count
    }

    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// A SQLite file does not go away under an open connection.
    var isBroken: Bool { false }

    func interrupt() {
        sqlite3_interrupt(handle)
    }

    /// Turns a SQLite result code into a ``PonyError``, with SQLite's message and the statement.
    static func error(code: Int32, connection: OpaquePointer?, sql: String?, path: String) -> PonyError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        switch code & 0xFF {
        case SQLITE_CONSTRAINT:
            return .constraintViolation(message: message, sql: sql ?? "")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy("\(message) (in `\(sql ?? "")` on '\(path)')")
        default:
            if let problem = DatabaseFileProblem(sqliteCode: code) {
                return .databaseFile(path: path, problem: problem, message: message, sql: sql)
            }
            return .sqlite(code: code, message: message, sql: sql)
        }
    }
}
