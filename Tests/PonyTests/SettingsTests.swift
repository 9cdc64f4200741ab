import Foundation
@testable import Pony
import Testing

@Suite("Database settings", .syncSessionsInTests)
struct SettingsTests {
    @Test(arguments: [
        ("sqlite::memory:", ":memory:"),
        ("sqlite:///:memory:", ":memory:"),
        ("sqlite:///app.sqlite", "app.sqlite"),
        ("sqlite:///data/app.sqlite", "data/app.sqlite"),
        ("sqlite:////var/data/app.sqlite", "/var/data/app.sqlite"),
        ("sqlite:///with%20space.sqlite", "with space.sqlite"),
    ])
    func readsSQLiteURLs(url: String, path: String) throws {
        #expect(try DatabaseSettings(url: url).path == path)
    }

    @Test(arguments: [
        ("ftp://localhost/app", "database URL 'ftp://localhost/app' uses 'ftp', which is neither SQLite nor PostgreSQL"),
        ("app.sqlite", "database URL 'app.sqlite' is not a URL"),
        ("sqlite://host/app.sqlite", "database URL 'sqlite://host/app.sqlite' has a host, port, user, query or fragment"),
        ("sqlite:///app.sqlite?mode=ro", "database URL 'sqlite:///app.sqlite?mode=ro' has a host, port, user, query or fragment"),
        ("sqlite:///", "database URL 'sqlite:///' names no file"),
    ])
    func rejectsOtherURLsNamingThem(url: String, message: String) {
        #expect {
            _ = try DatabaseSettings(url: url)
        } throws: { error in
            guard case PonyError.configuration(let text) = error else { return false }
            return text.hasPrefix(message)
        }
    }

    @Test func readsPostgreSQLURLsWithoutAPath() throws {
        for url in ["postgresql://app:secret@db.example.org:5432/app", "postgres://app@localhost/app?sslmode=disable"] {
            let settings = try DatabaseSettings(url: url)
            #expect(settings.isPostgreSQL && settings.path == "")
        }
        #expect(try DatabaseSettings(url: "postgresql://app:secret@db.example.org/app").redactedURL == "postgresql://app:***@db.example.org/app")
        #expect(try !DatabaseSettings(url: "sqlite::memory:").isPostgreSQL)
    }

    @Test func aPostgreSQLURLInAProgramWithoutPonyPostgreSQLSaysWhatToAdd() throws {
        let settings = try DatabaseSettings(url: "postgresql://app:secret@localhost/app")
        #expect(throws: PonyError.configuration(
            "database URL 'postgresql://app:***@localhost/app' names a PostgreSQL server, but this program does not link PonyPostgreSQL: "
                + "add the product \"PonyPostgreSQL\" to the target's dependencies and `import PonyPostgreSQL` in one of its files")) {
            _ = try ServerDrivers.postgreSQL(for: settings, factoryName: "NotLinked.PostgresDriverFactory")
        }
    }

    @Test func theTypeNameThatFindsPonyPostgreSQLResolvesInAProgramThatLinksIt() {
        #expect(_typeByName(ServerDrivers.postgreSQLFactoryName) != nil)
    }

    @Test func rejectsNonsensicalPoolSettings() {
        #expect(throws: PonyError.configuration("max connections must be at least 1, got 0")) {
            _ = try DatabaseSettings(url: "postgresql://localhost/app", maxConnections: 0)
        }
    }

    @Test func rejectsANegativeBusyTimeout() {
        #expect(throws: PonyError.configuration("busy timeout must not be negative, got -1.0 seconds")) {
            _ = try DatabaseSettings(url: "sqlite::memory:", busyTimeout: .seconds(-1))
        }
    }

    @Test func bindsADatabaseFromSettings() throws {
        let path = try temporaryDatabasePath()
        let settings = try DatabaseSettings(url: "sqlite:///" + path.dropFirst(), walMode: false)
        #expect(settings.path == String(path.dropFirst()))
        let absolute = try DatabaseSettings(url: "sqlite:///" + path, walMode: false)
        #expect(absolute.path == path)
        let db = Database()
        try db.bind(absolute)
        let mode = try db.session { try db.select(sql: "PRAGMA journal_mode")[0].decode("journal_mode", as: String.self) }
        #expect(mode == "delete")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: [(SQLiteDurability.normal, 1), (.full, 2)])
    func durabilitySetsSQLitesSynchronousMode(durability: SQLiteDurability, synchronous: Int) throws {
        let folder = try temporaryFolder("durability")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = Database()
        try db.bind(try DatabaseSettings(url: "sqlite:///\(folder.appending(path: "app.sqlite").path)", durability: durability))
        defer { try? db.disconnect() }
        #expect(try db.session { try db.select(sql: "PRAGMA synchronous")[0].decode("synchronous", as: Int.self) } == synchronous)
    }
}
