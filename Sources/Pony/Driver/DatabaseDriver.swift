/// A database a ``Database`` binds to: how to open its connections, and its SQL dialect. Built by a
/// ``DatabaseProvider`` (`.sqlite(path:)`, or `.postgres(url:)` from `PonyPostgreSQL`).
package protocol DatabaseDriver: Sendable {
    /// Where it connects, for messages: a SQLite path, or a URL without its password.
    var location: String { get }
    var dialect: any SQLDialect { get }
    /// How many connections may be open at once. Sessions beyond it wait for one (at most the busy timeout),
    /// and so many bridged sessions run in parallel.
    var maxConnections: Int { get }
    /// How long a session waits for a free connection before failing with ``PonyError/busy(_:)``.
    var busyTimeout: Duration { get }
    /// How many statements each connection keeps prepared, besides the entities' own.
    var statementCacheSize: Int { get }
    /// Most bridged sessions waiting for a bridge thread at once; more fail with ``PonyError/busy(_:)``.
    var bridgeQueueLimit: Int { get }
    /// Opens one connection.
    func connect() throws(PonyError) -> any ConnectionBackend
    /// Opens a connection to an empty database that the migrator changes inside one transaction and rolls
    /// back (``Migrator/eraseDatabaseOnSchemaChange``): for SQLite a new in-memory database; for a server, a new
    /// connection, on which ``SQLDialect/scratchSchemaSetup`` makes an empty schema inside that transaction.
    func connectScratch() throws(PonyError) -> any ConnectionBackend
}
