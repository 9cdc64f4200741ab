import PonyRules

/// Every error the Pony ORM throws.
///
/// Each case carries enough context to act on without a debugger: the entity and key, the SQL and SQLite's
/// own message, or the setting that was wrong.
///
/// ```swift
/// do {
///     try db.session { _ = try Person[42] }
/// } catch PonyError.objectNotFound(let entity, let id) {
///     print("no \(entity) with id \(id)")
/// }
/// ```
public enum PonyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `Entity[id]` found no row. Pony: `ObjectNotFound`.
    case objectNotFound(entity: String, id: String)
    /// The ORM was used outside any session. Pony: "db_session is required when working with the database".
    case sessionRequired(operation: String)
    /// An entity was used after its session ended (PONY004). Pony: `DatabaseSessionIsOver`.
    case sessionIsOver(operation: String)
    /// The database rejected a change: UNIQUE, NOT NULL, FOREIGN KEY or CHECK. Carries the database's message.
    case constraintViolation(message: String, sql: String)
    /// The entity declarations cannot be mapped to tables, or the tables do not match them.
    case mapping(String)
    /// A `#Predicate` uses an expression that has no SQL translation. Names the expression.
    case unsupportedPredicate(node: String, reason: String)
    /// A column value cannot be turned into the attribute's Swift type.
    case decoding(String)
    /// An attribute value cannot be turned into a column value: a ``JSONAttributeValue`` whose encoding throws.
    /// Nothing is written; the session rolls back.
    case encoding(String)
    /// The database connection stayed busy past the busy timeout.
    case busy(String)
    /// The session API was used in a way that cannot work, e.g. closing nested sessions out of order.
    case sessionMisuse(String)
    /// The database is not bound, already bound, or its settings are invalid.
    case configuration(String)
    /// Any other SQLite failure, with its result code, message and statement.
    case sqlite(code: Int32, message: String, sql: String?)
    /// The database server cannot be reached, refused the login, or the connection broke (a server restart).
    /// Names the host, port and user — never the password.
    case connection(String)
    /// The transaction lost a conflict with another one and may succeed if run again: a serialization failure
    /// (SQLSTATE 40001) or a deadlock (40P01). Carries the server's SQLSTATE, message and statement.
    case transactionConflict(sqlState: String, message: String, sql: String?)
    /// Any other database server failure, with its SQLSTATE, message and statement.
    case server(sqlState: String, message: String, sql: String?)
    /// Another transaction changed or deleted a row this session read or changed, between the session's read
    /// and its write: PonyORM's `OptimisticCheckError`. Names the object and, where Pony could read the row
    /// again, the columns whose values differ from what the session saw (empty when unknown); `rowDeleted`
    /// when the row is gone. The session is rolled back; running it again (`retry:`) sees the new values.
    case optimisticCheckFailed(entity: String, id: String, changedColumns: [String], rowDeleted: Bool)
    /// A schema migration could not run: it failed (and was rolled back, leaving the database as before it),
    /// or the migrations registered do not fit those the database records. Names the migration.
    case migration(name: String, message: String)
    /// A query returned, for an object this session already holds, values that differ from those the session
    /// read before: another transaction changed the row in between. PonyORM's `UnrepeatableReadError`.
    /// Names the object and the columns. Retryable, like a failed optimistic check.
    case unrepeatableRead(entity: String, id: String, changedColumns: [String])
    /// The SQLite database file cannot be used as it is: full, corrupt, not a database, read-only, or failing.
    /// Names the file, with SQLite's message and the statement (nil when opening it failed). A session that
    /// met it is rolled back.
    case databaseFile(path: String, problem: DatabaseFileProblem, message: String, sql: String?)

    /// Whether running the whole transaction again may succeed: the database was busy past the busy
    /// timeout, the transaction lost a serialization conflict or a deadlock, or an optimistic check or a
    /// repeated read found a row another transaction changed.
    public var isRetryable: Bool {
        switch self {
        case .busy, .transactionConflict, .optimisticCheckFailed, .unrepeatableRead: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .objectNotFound(let entity, let id):
            return "\(entity)[\(id)] not found"
        case .sessionRequired(let operation):
            return "db session is required when working with the database (\(operation)); "
                + "wrap the code in `try db.session { … }` or `try await db.session { … }`"
        case .sessionIsOver(let operation):
            let rule = RuleCatalog[id: "PONY004"]
            return "\(operation): the database session is over. \(rule.diagnosticPrefix): \(rule.runtimeMessage); "
                + "\(rule.fixTitle.lowercasedFirst). \(rule.explainHint)"
        case .constraintViolation(let message, let sql):
            return "constraint violation: \(message) (in `\(sql)`)"
        case .mapping(let message):
            return "mapping error: \(message)"
        case .unsupportedPredicate(let node, let reason):
            return "unsupported predicate expression \(node): \(reason)"
        case .decoding(let message):
            return "cannot decode: \(message)"
        case .encoding(let message):
            return "cannot encode: \(message)"
        case .busy(let message):
            return "database busy: \(message)"
        case .sessionMisuse(let message):
            return "session misuse: \(message)"
        case .configuration(let message):
            return "configuration error: \(message)"
        case .sqlite(let code, let message, let sql):
            if let sql { return "SQLite error \(code): \(message) (in `\(sql)`)" }
            return "SQLite error \(code): \(message)"
        case .connection(let message):
            return "connection error: \(message)"
        case .transactionConflict(let sqlState, let message, let sql):
            return "transaction conflict (SQLSTATE \(sqlState)), retryable: \(message)" + (sql.map { " (in `\($0)`)" } ?? "")
        case .server(let sqlState, let message, let sql):
            return "database error (SQLSTATE \(sqlState)): \(message)" + (sql.map { " (in `\($0)`)" } ?? "")
        case .optimisticCheckFailed(let entity, let id, let changedColumns, let rowDeleted):
            let what = rowDeleted
                ? "was deleted"
                : changedColumns.isEmpty
                    ? "was changed"
                    : "was changed (\(changedColumns.map { "'\($0)'" }.joined(separator: ", ")))"
            return "optimistic check failed: \(entity)[\(id)] \(what) by another transaction since this session read it; "
                + "the session is rolled back (retryable: run it again with `retry:`, or turn the checks off with `optimistic: false`)"
        case .migration(let name, let message):
            return "migration '\(name)': \(message)"
        case .unrepeatableRead(let entity, let id, let changedColumns):
            return "unrepeatable read: \(entity)[\(id)] was changed (\(changedColumns.map { "'\($0)'" }.joined(separator: ", "))) "
                + "by another transaction since this session read it (retryable: run the session again with `retry:`, "
                + "or turn the checks off with `optimistic: false`)"
        case .databaseFile(let path, let problem, let message, let sql):
            return "database file '\(path)' \(problem.explanation) (SQLite: \(message)" + (sql.map { ", in `\($0)`)" } ?? ")")
        }
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
