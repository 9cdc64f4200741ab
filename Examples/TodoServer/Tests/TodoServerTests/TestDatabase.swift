import Foundation
import Pony
import PonyPostgreSQL

/// The database URL of a fresh, empty database for one test.
enum TestDatabase {
    static var isPostgreSQL: Bool { ProcessInfo.processInfo.environment["PONY_TEST_DATABASE"] == "postgresql" }

    /// `sqlite::memory:`; with `PONY_TEST_DATABASE=postgresql`, the server of `PONY_TEST_POSTGRES_URL` with a new
    /// schema as its search path (`scripts/test` runs the suite both ways).
    static func freshURL() async throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard environment["PONY_TEST_DATABASE"] == "postgresql" else { return "sqlite::memory:" }
        guard let url = environment["PONY_TEST_POSTGRES_URL"] else {
            throw PonyError.configuration("PONY_TEST_DATABASE=postgresql needs PONY_TEST_POSTGRES_URL: run through scripts/with-postgres")
        }
        let schema = "todo_test_\(UUID().uuidString.prefix(8).lowercased())"
        let setup = Database()
        try setup.bind(.postgres(url: url, maxConnections: 1))
        defer { try? setup.disconnect() }
        try await setup.session { _ = try setup.execute(sql: "CREATE SCHEMA \(schema)") }
        return "\(url)\(url.contains("?") ? "&" : "?")options=-csearch_path%3D\(schema)"
    }
}
