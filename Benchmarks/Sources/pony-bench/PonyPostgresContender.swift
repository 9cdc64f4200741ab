import Foundation
import Pony
import PonyPostgreSQL

/// Pony on PostgreSQL, exactly as on SQLite (``PonyContender``'s work): entities in sessions, the identity map
/// on, changes flushed at commit.
struct PonyPostgresContender: PostgresContender {
    static let name = "Pony"
    var db = Database()
    let server: PostgresServer
    let url: String
    let workload: Workload

    init(server: PostgresServer, workload: Workload) throws {
        self.server = server
        url = server.url(schema: "bench_pony")
        self.workload = workload
        let setup = Database()
        try setup.bind(.postgres(url: server.url))
        try setup.session { _ = try setup.execute(sql: "CREATE SCHEMA IF NOT EXISTS bench_pony") }
        try setup.disconnect()
    }

    mutating func prepare(for measure: ORMMeasure) throws {
        try? db.disconnect()
        db = Database()
        try db.bind(.postgres(url: url, maxConnections: 1))
        try db.session {
            for table in ["orders", "customers", "products", "Person"] {
                _ = try db.execute(sql: "DROP TABLE IF EXISTS \"\(table)\" CASCADE", cached: false)
            }
        }
        try db.generateMapping([Person.self, Customer.self, Product.self, PurchaseOrder.self], createTables: true)
        if measure != .insert {
            try db.session { _ = try db.execute(sql: PostgresServer.fillPeople("\"Person\"", rows: workload.rows), cached: false) }
        }
        try server.vacuumAnalyze("\"Person\"", schema: "bench_pony")
    }

    mutating func run(_ measure: ORMMeasure) throws -> Int {
        try PonyWork(db: db, workload: workload).run(measure)
    }

    func close() throws {
        try db.disconnect()
    }
}
