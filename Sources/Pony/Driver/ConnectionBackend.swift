/// One open connection of a driver: what ``Connection`` needs from SQLite, PostgreSQL or any other database.
///
/// Not synchronized: one session's thread uses it at a time, except ``interrupt()``.
package protocol ConnectionBackend: AnyObject {
    /// Where the connection goes, for messages: a SQLite path, or `'user' at host:port/database`.
    var location: String { get }
    /// Runs SQL without parameters or rows (BEGIN, COMMIT, CREATE TABLE).
    func execute(_ sql: String) throws(PonyError)
    /// Prepares `sql`, written with `?` parameters, for running (any number of times).
    func prepare(_ sql: String) throws(PonyError) -> Statement
    /// Whether a transaction is open (also one a failed statement left aborted).
    var isInTransaction: Bool { get }
    /// Whether the connection broke (the server went away); a broken connection is closed, never reused.
    var isBroken: Bool { get }
    /// Makes the statement running on this connection fail. Safe from any thread.
    func interrupt()
    /// Closes the connection. Statements prepared on it must not be used afterwards.
    func close()
    /// How many prepared statements exist on the connection now, for tests and diagnostics.
    var openStatementCount: Int { get }
}
