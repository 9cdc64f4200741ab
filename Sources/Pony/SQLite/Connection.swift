import CSQLite
import Foundation

/// One open SQLite connection and its prepared-statement cache (a bounded LRU, ``StatementCache``).
///
/// A `Database` owns exactly one connection; sessions take turns using it through ``ConnectionLock``, so
/// nothing here is synchronized (hence `@unchecked Sendable`: only the lock holder touches it).
final class Connection: @unchecked Sendable {
    let handle: OpaquePointer
    let path: String
    private var statements: StatementCache<Statement>

    /// Opens (or creates) the database at `path` and applies Pony's connection settings.
    init(path: String, create: Bool, busyTimeout: Duration, walMode: Bool, statementCacheSize: Int) throws(PonyError) {
        statements = StatementCache(capacity: statementCacheSize)
        var handle: OpaquePointer?
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        if create { flags |= SQLITE_OPEN_CREATE }
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            let hint = create ? Connection.missingFolderHint(path) : " (pass create: true to create it)"
            throw PonyError.configuration("cannot open SQLite database at '\(path)': \(message)\(hint)")
        }
        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        do {
            try execute("PRAGMA foreign_keys = ON")
            if walMode && !Connection.isInMemory(path) {
                try execute("PRAGMA journal_mode = WAL")
                try execute("PRAGMA synchronous = NORMAL")
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

    /// Finalizes cached statements and closes the connection.
    func close() {
        _ = statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without arguments or results (PRAGMA, BEGIN, COMMIT, CREATE TABLE).
    func execute(_ sql: String) throws(PonyError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code: code, sql: sql) }
    }

    /// A prepared statement for `sql`, reused across calls unless `cached` is false (a one-off statement is
    /// finalized when its caller lets go of it). When the cached one is in use by an enclosing caller (a nested
    /// insert of the same entity type), a fresh one is prepared instead. An evicted statement is finalized once
    /// no caller holds it.
    func statement(_ sql: String, cached: Bool = true) throws(PonyError) -> Statement {
        guard cached else { return try Statement(connection: self, sql: sql) }
        if let cached = statements[sql] {
            if !cached.isInUse { return cached }
            return try Statement(connection: self, sql: sql)
        }
        let statement = try Statement(connection: self, sql: sql)
        statements.insert(statement, for: sql)
        return statement
    }

    /// How many statements the cache holds now.
    var cachedStatementCount: Int { statements.count }

    /// How many prepared statements exist on this connection now: cached, in use, and the entities' own.
    var openStatementCount: Int {
        var count = 0
        var statement = sqlite3_next_stmt(handle, nil)
        while let current = statement {
            count += 1
            statement = sqlite3_next_stmt(handle, current)
        }
        return count
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Makes the statement running on this connection fail with SQLITE_INTERRUPT. Safe from any thread.
    func interrupt() {
        sqlite3_interrupt(handle)
    }

    /// Turns a SQLite result code into a ``PonyError``, with SQLite's message and the statement.
    func error(code: Int32, sql: String?) -> PonyError {
        let message = String(cString: sqlite3_errmsg(handle))
        switch code & 0xFF {
        case SQLITE_CONSTRAINT:
            return .constraintViolation(message: message, sql: sql ?? "")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy("\(message) (in `\(sql ?? "")` on '\(path)')")
        default:
            return .sqlite(code: code, message: message, sql: sql)
        }
    }
}
