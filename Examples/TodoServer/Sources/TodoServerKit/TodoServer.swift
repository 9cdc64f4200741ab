import Configuration
import Hummingbird
import Logging
import Pony
import PonyConfiguration
// Linked for `postgresql://` URLs: with it, PONY_DATABASE_URL alone switches the server to PostgreSQL.
import PonyPostgreSQL

/// Builds the application: database settings from the configuration (`PONY_DATABASE_URL`, …), mapping
/// with `createTables: true` at start-up, and the routes.
///
/// ```swift
/// let config = ConfigReader(providers: [EnvironmentVariablesProvider(), InMemoryProvider(values: TodoServer.defaults)])
/// let app = try TodoServer.makeApplication(config: config)
/// try await app.runService()
/// ```
public enum TodoServer {
    /// Settings used when the environment does not set them.
    public static let defaults: [AbsoluteConfigKey: ConfigValue] = [
        "pony.database.url": "sqlite:///todos.sqlite",
        "http.host": "127.0.0.1",
        "http.port": 8080,
    ]

    public static func makeApplication(config: ConfigReader) throws -> some ApplicationProtocol {
        let logger = Logger(label: "TodoServer")
        let db = try makeDatabase(config: config)
        let router = Router()
        router.middlewares.add(LogRequestsMiddleware(.debug))
        TodoController(db: db).addRoutes(to: router)
        TagController(db: db).addRoutes(to: router)
        let host = config.string(forKey: "http.host", default: "127.0.0.1")
        let port = config.int(forKey: "http.port", default: 8080)
        logger.info("runtime checks: \(PonyChecks.mode.rawValue)")
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
    }

    /// The schema changes since version 1, applied at start-up before the mapping. A database that version 1
    /// created gets the new column; a new database gets it from `generateMapping(createTables: true)`.
    public static let migrator: Migrator = {
        var migrator = Migrator()
        migrator.registerMigration("v2: todo priority") { change in
            if try change.columns(of: "Todo").isEmpty == false {
                try change.addColumn("priority", to: "Todo", type: .integer, nullable: false, default: 0)
            }
        }
        return migrator
    }()

    /// The bound, migrated and mapped database.
    public static func makeDatabase(config: ConfigReader) throws -> Database {
        let db = Database()
        try db.bind(try DatabaseSettings(config: config))
        try migrator.migrate(db)
        try db.generateMapping([User.self, Todo.self, Tag.self], createTables: true)
        return db
    }
}
