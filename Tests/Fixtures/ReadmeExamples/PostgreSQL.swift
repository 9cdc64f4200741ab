import Foundation
import Pony
import PonyPostgreSQL

/// The README's PostgreSQL snippet; run only when the tests give the program a server (`PONY_TEST_POSTGRES_URL`),
/// in a schema of its own so every run starts empty.
func runPostgreSQLExample() async throws {
    guard let url = ProcessInfo.processInfo.environment["PONY_TEST_POSTGRES_URL"] else { return }
    let schema = "readme_\(UUID().uuidString.prefix(8).lowercased())"
    let setup = Database()
    try setup.bind(.postgres(url: url, maxConnections: 1))
    try await setup.session { _ = try setup.execute(sql: "CREATE SCHEMA \(schema)") }
    try setup.disconnect()
    setenv("DATABASE_URL", "\(url)?options=-csearch_path%3D\(schema)", 1)
    let total = try await postgreSQLExample()
    print("orders on PostgreSQL: \(total) cents")
}

// README begin: postgresql
@Entity final class Order {
    var item: String
    var cents: Int
    var placedAt: Date = .now
    init(item: String, cents: Int) { self.item = item; self.cents = cents }
}

func postgreSQLExample() async throws -> Int {
    let orders = Database()
    try orders.bind(.postgres(url: ProcessInfo.processInfo.environment["DATABASE_URL"]!))   // postgresql://app:secret@localhost:5432/app
    try orders.generateMapping([Order.self], createTables: true)
    return try await orders.session {                // up to maxConnections (default 8) bridged sessions run in parallel
        _ = Order(item: "tea", cents: 450)
        return try Order.select().fetch().reduce(0) { $0 + $1.cents }
    }
}
// README end
