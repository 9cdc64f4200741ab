import Foundation

/// One way of doing the ORM measures on a PostgreSQL server: raw libpq or Pony. Each contender works in a
/// schema of its own, emptied before every round.
protocol PostgresContender {
    static var name: String { get }
    init(server: PostgresServer, workload: Workload) throws
    mutating func prepare(for measure: ORMMeasure) throws
    mutating func run(_ measure: ORMMeasure) throws -> Int
}

/// The server the PostgreSQL measures run against, and a schema per contender on it.
struct PostgresServer: Sendable {
    let url: String

    /// The measures the issue asks for: the join is left to the SQLite table.
    static let measures: [ORMMeasure] = [.insert, .fetchByID, .fetchAll, .update]

    /// `url` with `schema` as the search path (and, for `pg_stat_activity`, the application name).
    func url(schema: String) -> String {
        "\(url)\(url.contains("?") ? "&" : "?")options=-csearch_path%3D\(schema)&application_name=pony-bench"
    }
}
