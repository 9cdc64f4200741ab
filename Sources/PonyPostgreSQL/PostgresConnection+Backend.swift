import CLibPQ
import Pony

/// What the ORM needs from a PostgreSQL connection.
extension PostgresConnection: ConnectionBackend {
    /// The URL as the database names it in messages, without the password.
    var location: String { redactedURL }

    func execute(_ sql: String) throws(PonyError) {
        _ = try query(sql)
    }

    func prepare(_ sql: String) throws(PonyError) -> Statement {
        let backend = PostgresStatement(connection: self, sql: sql)
        return Statement(backend: backend, sql: backend.sql, location: redactedURL)
    }

    /// Also true in a transaction a failed statement aborted: it still needs its ROLLBACK.
    var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    func interrupt() {
        cancel()
    }

    /// Statements prepared on the server for this connection, counted by the server.
    var openStatementCount: Int {
        guard let result = try? query("SELECT count(*) FROM pg_prepared_statements"), case .integer(let count) = result[0, 0] else {
            return 0
        }
        return Int(count)
    }
}
