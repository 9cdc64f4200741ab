import Foundation
import Pony
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
        ("postgres://localhost/app", "database URL 'postgres://localhost/app' uses 'postgres', but Pony supports only SQLite"),
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
}
