import CLibPQ
import Foundation

/// One way of doing the ORM measures on a PostgreSQL server: raw libpq, Pony or postgres-nio. Each contender works in a
/// schema of its own, emptied before every round.
protocol PostgresContender {
    static var name: String { get }
    init(server: PostgresServer, workload: Workload) throws
    mutating func prepare(for measure: ORMMeasure) throws
    mutating func run(_ measure: ORMMeasure) throws -> Int
    /// Closes the contender's connections.
    func close() throws
}

/// The server the PostgreSQL measures run against, and a schema per contender on it.
struct PostgresServer: Sendable {
    let url: String

    /// The measures the issue asks for: the join is left to the SQLite table.
    static let measures: [ORMMeasure] = [.insert, .fetchByID, .fetchAll, .update]

    /// SQL that fills `table` with the workload's people in one statement on the server (set-up, untimed: 100,000
    /// single INSERTs would take longer than the measures). The same rows as ``Workload``'s `name`, `age`, `score`.
    static func fillPeople(_ table: String, rows: Int) -> String {
        "INSERT INTO \(table) (name, age, score) SELECT 'person ' || i, i % 90, (i % 1000) / 10.0 FROM generate_series(0, \(rows - 1)) AS i"
    }

    /// Runs `VACUUM ANALYZE table` in `schema` on a connection of its own (set-up, untimed). Every contender's
    /// table is vacuumed after it is filled, so no timed scan pays for setting the new rows' hint bits. VACUUM
    /// cannot run in a transaction, and Pony runs SQL only in sessions: hence plain libpq.
    func vacuumAnalyze(_ table: String, schema: String) throws {
        guard let connection = PQconnectdb(url(schema: schema)) else {
            throw SetupFailure(description: "cannot connect to the benchmark server to vacuum \(table)")
        }
        defer { PQfinish(connection) }
        let result = PQexec(connection, "VACUUM ANALYZE \(table)")
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw SetupFailure(description: "VACUUM ANALYZE \(table): \(String(cString: PQerrorMessage(connection)))")
        }
    }

    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// `url` with `schema` as the search path (and, for `pg_stat_activity`, the application name).
    func url(schema: String) -> String {
        "\(url)\(url.contains("?") ? "&" : "?")options=-csearch_path%3D\(schema)&application_name=pony-bench"
    }
}
