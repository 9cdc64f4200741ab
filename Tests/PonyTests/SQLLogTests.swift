import Foundation
import InMemoryLogging
import Logging
import Pony
import Testing

@Entity final class LoggedUser {
    var name: String
    var password: String
    init(name: String, password: String) {
        self.name = name
        self.password = password
    }
}

/// A logger whose entries the SQL log tests read back (swift-log's in-memory handler).
struct CapturedLog {
    let handler = InMemoryLogHandler()

    var all: [InMemoryLogHandler.Entry] { handler.entries }
    var messages: [String] { all.map { "\($0.message)" } }

    func logger(level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: "test.sql") { [handler] _ in handler }
        logger.logLevel = level
        return logger
    }
}

@Suite("SQL log", .serialized, .syncSessionsInTests)
struct SQLLogTests {
    @Test func isOffUnlessAskedFor() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        #expect(db.sqlLog == nil)
    }

    @Test func logsEveryStatementOfASessionAtDebugLevel() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        let captured = CapturedLog()
        db.sqlLog = SQLLog(logger: captured.logger())
        try db.session {
            _ = LoggedUser(name: "ann", password: "s3cret")
            try db.flush()
            _ = try LoggedUser.select(#Predicate { $0.name == "ann" }).fetch()
        }
        let messages = captured.messages
        #expect(messages.first?.hasPrefix("BEGIN") == true, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("INSERT INTO \"LoggedUser\"") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("SELECT") && $0.contains("FROM \"LoggedUser\"") }, "\(messages)")
        #expect(messages.last == "COMMIT", "\(messages)")
        #expect(captured.all.allSatisfy { $0.level == .debug })
    }

    @Test func leavesBoundValuesOutUnlessTheyAreAskedFor() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        let captured = CapturedLog()
        db.sqlLog = SQLLog(logger: captured.logger())
        try db.session { _ = LoggedUser(name: "ann", password: "s3cret") }
        #expect(!captured.messages.joined().contains("s3cret"))
    }

    @Test func showsBoundValuesWhenAsked() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        let captured = CapturedLog()
        db.sqlLog = SQLLog(logger: captured.logger(), showsValues: true)
        try db.session { _ = LoggedUser(name: "ann", password: "it's") }
        let insert = try #require(captured.messages.first { $0.hasPrefix("INSERT") })
        #expect(insert.contains("'ann'") && insert.contains("'it''s'"), "\(insert)")
    }

    @Test func reportsTheRowsAQueryReturnedAndTheRowsAWriteChanged() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        try db.session {
            _ = LoggedUser(name: "ann", password: "a")
            _ = LoggedUser(name: "bob", password: "b")
        }
        let captured = CapturedLog()
        db.sqlLog = SQLLog(logger: captured.logger())
        try db.session {
            _ = try db.select(sql: "SELECT name FROM \"LoggedUser\"")
            _ = try db.execute(sql: "UPDATE \"LoggedUser\" SET password = 'c'")
        }
        let select = try #require(captured.all.first { $0.message.description.hasPrefix("SELECT name") })
        #expect(select.metadata["rows"] == "2")
        #expect(select.metadata["changed"] == nil)
        let update = try #require(captured.all.first { $0.message.description.hasPrefix("UPDATE") })
        #expect(update.metadata["changed"] == "2")
        #expect(update.metadata["rows"] == nil)
    }

    @Test func reportsTheDurationInMilliseconds() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        let captured = CapturedLog()
        db.sqlLog = SQLLog(logger: captured.logger())
        try db.session { _ = try db.select(sql: "SELECT 1") }
        let select = try #require(captured.all.first { $0.message.description == "SELECT 1" })
        let duration = try #require(select.metadata["duration"]).description
        #expect(duration.wholeMatch(of: /[0-9]+\.[0-9]{3} ms/) != nil, "\(duration)")
    }

    @Test func logsAFailedStatementWithItsError() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        let captured = CapturedLog()
        db.sqlLog = SQLLog(logger: captured.logger())
        _ = try? db.session { _ = try db.execute(sql: "UPDATE \"LoggedUser\" SET missing = 1") }
        let failed = try #require(captured.all.first { $0.message.description.hasPrefix("UPDATE") })
        let error = failed.metadata["error"]?.description ?? ""
        #expect(error.contains("missing"), "\(error)")
    }

    @Test func stopsWhenTurnedOff() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        let captured = CapturedLog()
        db.sqlLog = SQLLog(logger: captured.logger())
        try db.session { _ = try LoggedUser.count() }
        let logged = captured.all.count
        db.sqlLog = nil
        try db.session { _ = try LoggedUser.count() }
        #expect(logged > 0)
        #expect(captured.all.count == logged)
    }

    @Test func respectsTheLoggersLevel() throws {
        let db = try makeDatabase([LoggedUser.self])
        defer { try? db.disconnect() }
        let captured = CapturedLog()
        db.sqlLog = SQLLog(logger: captured.logger(level: .info))
        try db.session { _ = try LoggedUser.count() }
        #expect(captured.all.isEmpty)
    }

    @Test func theDefaultLoggerIsPonySQLAtDebugLevel() {
        let log = SQLLog()
        #expect(log.logger.label == "pony.sql")
        #expect(log.logger.logLevel == .debug)
        #expect(!log.showsValues)
    }
}
