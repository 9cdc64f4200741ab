import CLibPQ
import Foundation
import Pony

/// One connection to a PostgreSQL server through libpq, PostgreSQL's synchronous C client — the model of a Pony
/// session: synchronous code on one thread holding one connection.
///
/// ```swift
/// let connection = try PostgresConnection(url: "postgresql://app:secret@localhost:5432/app")
/// let result = try connection.query("SELECT $1::int8 + 1", [.integer(41)])
/// assert(result[0, 0] == .integer(42))
/// ```
///
/// Parameters are bound, never spliced into SQL: text in libpq's text format, blobs as binary `bytea`.
/// Results come back in text format and are decoded by column type (see ``PostgresResult``).
///
/// Not synchronized: one thread uses it at a time (the session's), except ``cancel()``, which any thread may
/// call. Errors are ``PonyError``s, mapped from the server's SQLSTATE in one place (``PostgresErrorMapping``).
final class PostgresConnection: @unchecked Sendable {
    let handle: OpaquePointer
    /// libpq's handle for cancelling the running statement from another thread.
    private let cancelHandle: OpaquePointer?
    /// `'user' at host:port/database`, for messages: never the password.
    let endpoint: String
    /// The URL it was opened with, its password replaced by `***`.
    let redactedURL: String
    /// The number in the next prepared statement's name (names are never reused).
    private var nextPreparedNumber = 1
    /// Prepared statements no longer used, deallocated on the server before the next statement is prepared.
    private var unusedStatements: [String] = []
    private var isClosed = false

    /// Connects to the server a `postgresql://` URL names. Fails with ``PonyError/configuration(_:)`` for a
    /// malformed URL and with ``PonyError/connection(_:)`` — naming host, port and user — when the server cannot
    /// be reached within `connectTimeout` seconds (unless the URL sets `connect_timeout` itself) or refuses the
    /// login.
    init(url: String, connectTimeout: Int = 10) throws(PonyError) {
        var parseError: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &parseError) else {
            let reason = parseError.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            PQfreemem(parseError)
            throw PonyError.configuration(
                "invalid PostgreSQL URL '\(Self.redacting(url))': \(reason ?? "not a connection string")")
        }
        PQconninfoFree(options)

        // Later keywords override earlier ones, so a connect_timeout in the URL wins over the default.
        let connection = Self.withCStrings(["connect_timeout", "client_encoding", "dbname"]) { keywords in
            Self.withCStrings(["\(connectTimeout)", "UTF8", url]) { values in
                PQconnectdbParams(keywords, values, 1)
            }
        }
        guard let connection else {
            throw PonyError.connection("cannot connect to PostgreSQL with '\(Self.redacting(url))': libpq is out of memory")
        }
        let endpoint = Self.describe(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw PonyError.connection("cannot connect to PostgreSQL as \(endpoint): \(message)")
        }
        // The server's notices ("relation … already exists, skipping" from every CREATE TABLE IF NOT EXISTS)
        // are not errors; libpq would print each on standard error.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
        cancelHandle = PQgetCancel(connection)
        self.endpoint = endpoint
        redactedURL = Self.redacting(url)
        // Timestamps print as ISO 8601, whatever the server's default (PostgresTimestamp parses that form).
        _ = try query("SET DateStyle = ISO")
    }

    deinit {
        PQfreeCancel(cancelHandle)
        if !isClosed { PQfinish(handle) }
    }

    /// Closes the connection; the statements prepared on it go with it.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        unusedStatements.removeAll()
        PQfinish(handle)
    }

    /// A name for a new prepared statement, after deallocating those no longer used when the connection can
    /// (a transaction that a failed statement aborted refuses every command but ROLLBACK).
    func nextStatementName() -> String {
        if !unusedStatements.isEmpty && PQtransactionStatus(handle) != PQTRANS_INERROR {
            let names = unusedStatements
            unusedStatements.removeAll()
            for name in names { _ = try? query("DEALLOCATE \(name)") }
        }
        defer { nextPreparedNumber += 1 }
        return "pony_\(nextPreparedNumber)"
    }

    /// Called by a prepared statement going away: its server-side statement is deallocated later.
    func deallocateLater(_ name: String) {
        if !isClosed { unusedStatements.append(name) }
    }

    /// Whether the connection broke (the server restarted, or it ended this backend); a broken connection
    /// stays broken: open a new one.
    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// The server's process ID for this connection (`pg_backend_pid()`).
    var backendProcessID: Int32 { PQbackendPID(handle) }

    /// Runs one statement with bound parameters (`$1`, `$2`, …) and returns its result.
    func query(_ sql: String, _ arguments: [DatabaseValue] = []) throws(PonyError) -> PostgresResult {
        let result = try PostgresParameters(arguments, sql: sql).withUnsafeParameters { count, types, values, lengths, formats in
            PQexecParams(handle, sql, count, types, values, lengths, formats, 0)
        }
        return try check(result, sql: sql)
    }

    /// Asks the server to cancel the statement running on this connection; that statement then fails with
    /// SQLSTATE 57014. Safe from any thread; does nothing when no statement runs.
    func cancel() {
        guard let cancelHandle else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancelHandle, &buffer, Int32(buffer.count))
    }

    /// Returns a successful result, or throws the error the failed one describes.
    private func check(_ result: OpaquePointer?, sql: String) throws(PonyError) -> PostgresResult {
        PostgresResult(try checked(result, sql: sql))
    }

    /// Returns a successful result, or clears it and throws the error it describes.
    func checked(_ result: OpaquePointer?, sql: String) throws(PonyError) -> OpaquePointer {
        guard let result else {
            throw PonyError.connection("the connection to \(endpoint) failed: \(lastErrorMessage)")
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let sqlState = Self.field(result, "C")
            let message = Self.field(result, "M") ?? lastErrorMessage
            PQclear(result)
            if isBroken {
                throw PonyError.connection("the connection to \(endpoint) broke: \(message)")
            }
            throw PostgresErrorMapping.error(sqlState: sqlState ?? "", message: message, sql: sql)
        }
    }

    private var lastErrorMessage: String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A field of an error result: "C" the SQLSTATE, "M" the primary message (libpq's PG_DIAG_* codes).
    private static func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
    }

    /// `user@host:port/database` of a connection, tried or open.
    private static func describe(_ connection: OpaquePointer) -> String {
        func text(_ value: UnsafeMutablePointer<CChar>?) -> String { value.map { String(cString: $0) } ?? "?" }
        return "'\(text(PQuser(connection)))' at \(text(PQhost(connection))):\(text(PQport(connection)))/\(text(PQdb(connection)))"
    }

    /// The URL with its password replaced by `***`.
    static func redacting(_ url: String) -> String {
        url.replacing(/(?<prefix>:\/\/[^:\/@?]*):[^@\/]*@/) { match in "\(match.output.prefix):***@" }
    }

    /// Runs `body` with the strings as a NUL-terminated C array that ends in a null pointer.
    private static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
