import Foundation
@testable import Pony
@testable import PonyPostgreSQL
import Testing

/// The server these tests use: `PONY_TEST_POSTGRES_URL`, which `scripts/with-postgres` (and so `scripts/test`)
/// sets for a throwaway cluster. On a developer's machine without it the tests skip; under `CI=true` they run
/// and fail.
enum TestServer {
    static let url = ProcessInfo.processInfo.environment["PONY_TEST_POSTGRES_URL"]
    static var isAvailable: Bool { url != nil || ProcessInfo.processInfo.environment["CI"] == "true" }
    static let skipNote: Comment = "needs a PostgreSQL server: run through scripts/with-postgres, or set PONY_TEST_POSTGRES_URL"

    static func connect() throws -> PostgresConnection {
        guard let url else { throw PonyError.configuration("PONY_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres") }
        return try PostgresConnection(url: url)
    }

    /// The test URL with its password (or user) replaced.
    static func url(password: String) throws -> String {
        let url = try #require(Self.url)
        return url.replacing(/:[^:@\/]*@/, with: ":\(password)@")
    }

    /// A table name no other test uses.
    static func table(_ name: String) -> String { "\(name)_\(UUID().uuidString.prefix(8).lowercased())" }
}

@Suite("PostgreSQL connection", .enabled(if: TestServer.isAvailable, TestServer.skipNote))
struct PostgresConnectionTests {
    @Test func roundTripsEveryKindOfValueThroughBoundParameters() throws {
        let connection = try TestServer.connect()
        let table = TestServer.table("kinds")
        _ = try connection.query("CREATE TABLE \(table) (i bigint, r double precision, t text, b bytea, f boolean, n text)")
        let values: [DatabaseValue] = [.integer(.min), .real(-0.1), .text("Grüße, 世界 'quoted' $1"), .blob(Data([0, 1, 0, 255])), .integer(1), .null]
        let inserted = try connection.query("INSERT INTO \(table) VALUES ($1, $2, $3, $4, $5::int::boolean, $6)", values)
        #expect(inserted.affectedRowCount == 1)
        let row = try connection.query("SELECT i, r, t, b, f, n FROM \(table)")
        #expect((0..<6).map { row[0, $0] } == values)
        #expect(row.columnName(2) == "t")
    }

    @Test func readsTheSpecialFloatingPointValues() throws {
        let connection = try TestServer.connect()
        let result = try connection.query("SELECT $1::float8, $2::float8, $3::float8, $4::float8",
                                            [.real(.infinity), .real(-.infinity), .real(1e-300), .real(.nan)])
        #expect(result[0, 0] == .real(.infinity) && result[0, 1] == .real(-.infinity) && result[0, 2] == .real(1e-300))
        guard case .real(let nan) = result[0, 3] else { Issue.record("NaN came back as \(result[0, 3])"); return }
        #expect(nan.isNaN)
    }

    @Test func refusesTextContainingNULInsteadOfCuttingIt() throws {
        let connection = try TestServer.connect()
        #expect(throws: PonyError.server(sqlState: "22021", message: "parameter $1 is text containing U+0000, which PostgreSQL text cannot store", sql: "SELECT $1")) {
            try connection.query("SELECT $1", [.text("a\u{0}b")])
        }
    }

    @Test func aPreparedStatementRunsAgainWithNewParameters() throws {
        let connection = try TestServer.connect()
        let statement = try connection.prepare("SELECT ? * 2, ?")
        for value in 1...3 {
            statement.binding.bind(integer: Int64(value), at: 1)
            statement.binding.bind(text: "row \(value)", at: 2)
            #expect(try statement.step())
            #expect(statement.column(0).databaseValue == .integer(Int64(value) * 2))
            #expect(statement.column(1).text == "row \(value)")
            #expect(try !statement.step())
            statement.reset()
        }
        #expect(connection.openStatementCount == 1)
    }

    @Test func aStatementNoLongerUsedIsDeallocatedOnTheServer() throws {
        let connection = try TestServer.connect()
        do {
            let statement = try connection.prepare("SELECT 1")
            #expect(try statement.step())
        }
        #expect(connection.openStatementCount == 1, "deallocated lazily, before the next statement is prepared")
        let next = try connection.prepare("SELECT 2")
        #expect(try next.step())
        let prepared = try connection.query("SELECT statement FROM pg_prepared_statements")
        #expect(prepared.rowCount == 1 && prepared[0, 0] == .text("SELECT 2"))
    }

    @Test func aWrongPasswordIsAConnectionErrorNamingUserHostAndPortButNotThePassword() throws {
        let url = try TestServer.url(password: "not-the-password")
        let error = try #require(throws: PonyError.self) { try PostgresConnection(url: url) }
        let message = error.description
        guard case .connection = error else { Issue.record("expected a connection error, got \(error)"); return }
        #expect(message.contains("'pony' at 127.0.0.1:") && message.contains("password authentication failed"), "\(message)")
        #expect(!message.contains("not-the-password"))
    }

    @Test func anInvalidURLIsAConfigurationErrorWithoutThePassword() throws {
        let error = try #require(throws: PonyError.self) { try PostgresConnection(url: "postgresql://app:s3cret@localhost:5432/app?nonsense=1") }
        #expect(error.description.hasPrefix("configuration error: invalid PostgreSQL URL 'postgresql://app:***@localhost:5432/app?nonsense=1': invalid URI query parameter: \"nonsense\""), "\(error)")
        #expect(!error.description.contains("s3cret"))
    }

    @Test func aServerThatNeverAnswersFailsAtTheConnectTimeout() throws {
        // A loopback socket that accepts connections and never says a word.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        try #require(bound && listen(listener, 8) == 0)
        let port = UInt16(bigEndian: address.sin_port)

        let started = ContinuousClock.now
        let error = try #require(throws: PonyError.self) {
            try PostgresConnection(url: "postgresql://pony:pony@127.0.0.1:\(port)/pony", connectTimeout: 1)
        }
        let waited = ContinuousClock.now - started
        guard case .connection(let message) = error else { Issue.record("expected a connection error, got \(error)"); return }
        #expect(message.contains("127.0.0.1:\(port)") && message.contains("timeout"), "\(message)")
        #expect(waited < .seconds(10), "gave up after \(waited), not near the 1 s timeout")
    }

    @Test func aUniqueViolationIsAConstraintViolation() throws {
        let connection = try TestServer.connect()
        let table = TestServer.table("unique")
        _ = try connection.query("CREATE TABLE \(table) (email text UNIQUE)")
        _ = try connection.query("INSERT INTO \(table) VALUES ($1)", [.text("a@example.org")])
        let error = try #require(throws: PonyError.self) {
            try connection.query("INSERT INTO \(table) VALUES ($1)", [.text("a@example.org")])
        }
        guard case .constraintViolation(let message, let sql) = error else { Issue.record("got \(error)"); return }
        #expect(message.contains("duplicate key value violates unique constraint") && message.contains("SQLSTATE 23505"))
        #expect(sql == "INSERT INTO \(table) VALUES ($1)")
        #expect(!error.isRetryable)
    }

    @Test func aLostSerializationConflictIsARetryableTransactionConflict() throws {
        let (first, second) = (try TestServer.connect(), try TestServer.connect())
        let table = TestServer.table("counter")
        _ = try first.query("CREATE TABLE \(table) (id int PRIMARY KEY, value int)")
        _ = try first.query("INSERT INTO \(table) VALUES (1, 0)")
        _ = try first.query("BEGIN ISOLATION LEVEL REPEATABLE READ")
        _ = try first.query("SELECT value FROM \(table) WHERE id = 1")
        _ = try second.query("UPDATE \(table) SET value = value + 1 WHERE id = 1")
        let error = try #require(throws: PonyError.self) {
            try first.query("UPDATE \(table) SET value = value + 1 WHERE id = 1")
        }
        _ = try first.query("ROLLBACK")
        guard case .transactionConflict(let sqlState, _, _) = error else { Issue.record("got \(error)"); return }
        #expect(sqlState == "40001")
        #expect(error.isRetryable)
    }

    @Test func aDeadlockIsARetryableTransactionConflict() throws {
        let (first, second) = (try TestServer.connect(), try TestServer.connect())
        let table = TestServer.table("deadlock")
        _ = try first.query("CREATE TABLE \(table) (id int PRIMARY KEY, value int)")
        _ = try first.query("INSERT INTO \(table) VALUES (1, 0), (2, 0)")
        for connection in [first, second] { _ = try connection.query("BEGIN") }
        _ = try first.query("UPDATE \(table) SET value = 1 WHERE id = 1")
        _ = try second.query("UPDATE \(table) SET value = 2 WHERE id = 2")
        // Each now waits for the other's row: after deadlock_timeout (1 s) the server aborts one of them.
        let outcomes = [first, second].enumerated().map { index, connection in
            ThreadOutcome { try connection.query("UPDATE \(table) SET value = 3 WHERE id = \(2 - index)") }
        }.map { $0.wait() }
        let conflicts = outcomes.compactMap { outcome -> String? in
            if case .failure(PonyError.transactionConflict(let sqlState, _, _)) = outcome { return sqlState }
            return nil
        }
        #expect(conflicts == ["40P01"], "\(outcomes)")
        for connection in [first, second] { _ = try connection.query("ROLLBACK") }
    }

    @Test func cancelStopsTheRunningStatementFromAnotherThread() throws {
        let connection = try TestServer.connect()
        let started = ContinuousClock.now
        let sleeping = ThreadOutcome { try connection.query("SELECT pg_sleep(30)") }
        Thread.sleep(forTimeInterval: 0.3)
        connection.cancel()
        let outcome = sleeping.wait()
        guard case .failure(PonyError.server(let sqlState, _, _)) = outcome else { Issue.record("got \(outcome)"); return }
        #expect(sqlState == "57014")
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(try connection.query("SELECT 1")[0, 0] == .integer(1), "the connection stays usable")
    }

    @Test func aConnectionTheServerEndedFailsWithAConnectionErrorAndStaysBroken() throws {
        let (doomed, other) = (try TestServer.connect(), try TestServer.connect())
        _ = try other.query("SELECT pg_terminate_backend($1::int)", [.integer(Int64(doomed.backendProcessID))])
        let error = try #require(throws: PonyError.self) { try doomed.query("SELECT 1") }
        guard case .connection(let message) = error else { Issue.record("got \(error)"); return }
        #expect(message.contains("'pony' at 127.0.0.1:"), "\(message)")
        #expect(doomed.isBroken)
        #expect(try TestServer.connect().query("SELECT 1")[0, 0] == .integer(1), "a new connection works")
    }
}

/// Runs a throwing closure on a new thread; `wait()` returns its result.
final class ThreadOutcome<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    init(_ body: @escaping @Sendable () throws -> T) {
        let thread = Thread { [self] in
            result = Result { try body() }
            done.signal()
        }
        thread.start()
    }

    func wait() -> Result<T, any Error> {
        done.wait()
        return result!
    }
}

@Suite("PostgreSQL driver lookup")
struct PostgresDriverLookupTests {
    @Test func ponyLooksUpTheFactoryByItsMangledName() {
        #expect(_mangledTypeName(PostgresDriverFactory.self) == ServerDrivers.postgreSQLFactoryName)
    }

    @Test func aConnectTimeoutBecomesWholeSecondsRoundedUp() {
        #expect(PostgresDriver.wholeSeconds(.seconds(10)) == 10)
        #expect(PostgresDriver.wholeSeconds(.milliseconds(1500)) == 2)
        #expect(PostgresDriver.wholeSeconds(.zero) == 1)
    }
}
