import Configuration
import Pony
import PonyConfiguration
import Testing

@Suite("Settings from configuration")
struct DatabaseSettingsConfigurationTests {
    func settings(environment: [String: String]) throws -> DatabaseSettings {
        try DatabaseSettings(config: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment)))
    }

    @Test func readsTheURLFromPONY_DATABASE_URL() throws {
        let settings = try settings(environment: ["PONY_DATABASE_URL": "sqlite:///data/app.sqlite"])
        #expect(settings.path == "data/app.sqlite")
        #expect(settings.busyTimeout == .seconds(5))
        #expect(settings.walMode)
        #expect(settings.createIfMissing)
        #expect(settings.checks == nil)
    }

    @Test func readsTheOptionalSettings() throws {
        let settings = try settings(environment: [
            "PONY_DATABASE_URL": "sqlite::memory:",
            "PONY_DATABASE_BUSY_TIMEOUT": "2.5",
            "PONY_DATABASE_WAL": "false",
            "PONY_DATABASE_CREATE_IF_MISSING": "false",
            "PONY_DATABASE_CHECKS": "report",
        ])
        #expect(settings.path == ":memory:")
        #expect(settings.busyTimeout == .milliseconds(2500))
        #expect(!settings.walMode)
        #expect(!settings.createIfMissing)
        #expect(settings.checks == .report)
    }

    @Test func readsTheStatementCacheSize() throws {
        #expect(try settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:"]).statementCacheSize == 256)
        let settings = try settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:", "PONY_DATABASE_STATEMENT_CACHE_SIZE": "32"])
        #expect(settings.statementCacheSize == 32)
        #expect(throws: PonyError.configuration(
            "pony.database.statementCacheSize (PONY_DATABASE_STATEMENT_CACHE_SIZE) must not be negative, got -1")) {
            try self.settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:", "PONY_DATABASE_STATEMENT_CACHE_SIZE": "-1"])
        }
    }

    @Test func readsTheSameKeysFromAnyProvider() throws {
        let provider = InMemoryProvider(values: [
            "pony.database.url": "sqlite:////var/app.sqlite",
            "pony.database.busyTimeout": 1.0,
        ])
        let settings = try DatabaseSettings(config: ConfigReader(provider: provider))
        #expect(settings.path == "/var/app.sqlite")
        #expect(settings.busyTimeout == .seconds(1))
    }

    @Test func namesTheVariableWhenTheURLIsMissing() {
        #expect(throws: PonyError.configuration("no database URL: set pony.database.url (PONY_DATABASE_URL), e.g. sqlite:///app.sqlite, sqlite::memory: or postgresql://user:password@host/app")) {
            try settings(environment: [:])
        }
    }

    @Test func namesTheVariableAndValueThatDoNotParse() {
        #expect(throws: PonyError.configuration("pony.database.busyTimeout (PONY_DATABASE_BUSY_TIMEOUT) has the value 'soon', which is not a valid Double")) {
            try settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:", "PONY_DATABASE_BUSY_TIMEOUT": "soon"])
        }
        #expect(throws: PonyError.configuration("pony.database.wal (PONY_DATABASE_WAL) has the value 'maybe', which is not a valid Bool")) {
            try settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:", "PONY_DATABASE_WAL": "maybe"])
        }
    }

    @Test func rejectsAnUnknownChecksMode() {
        #expect(throws: PonyError.configuration("pony.database.checks (PONY_DATABASE_CHECKS) has the value 'loud'; use trap, report or off")) {
            try settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:", "PONY_DATABASE_CHECKS": "loud"])
        }
    }

    @Test func readsTheDurability() throws {
        #expect(try settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:"]).durability == .normal)
        let settings = try settings(environment: ["PONY_DATABASE_URL": "sqlite:///app.sqlite", "PONY_DATABASE_DURABILITY": "FULL"])
        #expect(settings.durability == .full)
        #expect(throws: PonyError.configuration("pony.database.durability (PONY_DATABASE_DURABILITY) has the value 'paranoid'; use normal or full")) {
            try self.settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:", "PONY_DATABASE_DURABILITY": "paranoid"])
        }
    }

    @Test func rejectsAURLOfAnotherDatabaseFromTheEnvironment() {
        #expect {
            try settings(environment: ["PONY_DATABASE_URL": "mysql://db/app"])
        } throws: { error in
            "\(error)".contains("uses 'mysql', which is neither SQLite nor PostgreSQL")
        }
    }

    @Test func readsAPostgreSQLURLAndItsPoolSettings() throws {
        let defaults = try settings(environment: ["PONY_DATABASE_URL": "postgresql://app:secret@db/app"])
        #expect(defaults.isPostgreSQL && defaults.maxConnections == 8 && defaults.connectTimeout == .seconds(10))
        let settings = try settings(environment: [
            "PONY_DATABASE_URL": "postgres://app@db/app", "PONY_DATABASE_MAX_CONNECTIONS": "4", "PONY_DATABASE_CONNECT_TIMEOUT": "2.5",
        ])
        #expect(settings.maxConnections == 4 && settings.connectTimeout == .milliseconds(2500))
        #expect(throws: PonyError.configuration("pony.database.maxConnections (PONY_DATABASE_MAX_CONNECTIONS) must be at least 1, got 0")) {
            try self.settings(environment: ["PONY_DATABASE_URL": "postgres://app@db/app", "PONY_DATABASE_MAX_CONNECTIONS": "0"])
        }
    }

    @Test func bindsADatabase() async throws {
        let db = Database()
        try db.bind(try settings(environment: ["PONY_DATABASE_URL": "sqlite::memory:"]))
        let one = try await db.session { try db.select(sql: "SELECT 1 AS one")[0].decode("one", as: Int.self) }
        #expect(one == 1)
    }
}
