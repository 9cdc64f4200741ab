import Foundation
@testable import Pony
import PonyLocks
@testable import PonyPostgreSQL
import Testing

@Entity final class Visit {
    var path: String
    init(path: String) { self.path = path }
}

/// The ORM on a server: parallel sessions from the pool, connections the server ends, cancellation.
@Suite("PostgreSQL pool and failures", .serialized, .enabled(if: TestServer.isAvailable, TestServer.skipNote))
struct PostgresPoolTests {
    /// A database in a schema of its own; its connections carry `application` as their application_name, so a
    /// test can end exactly them.
    static func database(maxConnections: Int = 4, application: String = "pony_pool_test") throws -> Database {
        let url = try #require(TestServer.url)
        let schema = TestServer.table("pool")
        _ = try TestServer.connect().query("CREATE SCHEMA \(schema)")
        let db = Database()
        try db.bind(.postgres(url: "\(url)?options=-csearch_path%3D\(schema)&application_name=\(application)", maxConnections: maxConnections))
        try db.generateMapping([Visit.self], createTables: true)
        return db
    }

    /// Ends every server process of `application` (what a server restart does to each connection).
    static func endConnections(of application: String) throws {
        _ = try TestServer.connect().query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [.text(application)])
    }

    @Test func bridgedSessionsRunInParallelUpToThePoolSize() async throws {
        let db = try Self.database(maxConnections: 3)
        defer { try? db.disconnect() }
        let inside = SessionsInside()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await db.session {
                        inside.enter()
                        // Stay until three sessions are inside at once (or 10 s pass, when they never are).
                        for _ in 0..<1000 where inside.most < 3 { usleep(10_000) }
                        _ = try db.select(sql: "SELECT pg_sleep(0.05)")
                        inside.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(inside.most == 3, "three connections, three sessions at once, never more")
        #expect(try db.requireBinding().pool.openCount <= 3)
    }

    @Test func aSessionAfterTheServerEndedTheIdleConnectionsStartsOnAFreshOne() async throws {
        let db = try Self.database(application: "pony_idle_ended")
        defer { try? db.disconnect() }
        try await db.session { _ = Visit(path: "/before") }
        try Self.endConnections(of: "pony_idle_ended")
        let count = try await db.session { try Visit.count() }
        #expect(count == 1)
    }

    @Test func aSessionWhoseConnectionIsEndedFailsWithAConnectionErrorAndRollsBack() async throws {
        let db = try Self.database(application: "pony_in_flight")
        defer { try? db.disconnect() }
        let outcome = await outcome {
            try await db.session {
                _ = Visit(path: "/lost")
                try db.flush()
                try Self.endConnections(of: "pony_in_flight")
                _ = try Visit.count()
            }
        }
        guard case .failure(PonyError.connection(let message)) = outcome else {
            Issue.record("expected a connection error, got \(outcome)")
            return
        }
        #expect(message.contains("'pony' at 127.0.0.1:"), "\(message)")
        #expect(try await db.session { try Visit.count() } == 0, "the next session reconnects, and sees nothing of the lost one")
    }

    @Test func cancellingABridgedSessionCancelsItsStatementOnTheServer() async throws {
        let db = try Self.database(application: "pony_cancelled")
        defer { try? db.disconnect() }
        let sleeper = Task { try await db.session { _ = try db.select(sql: "SELECT pg_sleep(30)") } }
        try await Task.sleep(for: .milliseconds(300))
        sleeper.cancel()
        let outcome = await sleeper.result
        guard case .failure(let error) = outcome else { Issue.record("the session was not cancelled"); return }
        #expect(error is CancellationError, "\(error)")
        let running = try TestServer.connect().query(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pony_cancelled' AND query LIKE '%pg_sleep%' AND state = 'active'")
        #expect(running[0, 0] == .integer(0), "the statement no longer runs on the server")
        #expect(try await db.session { try Visit.count() } == 0, "the connection is usable again")
    }

    @Test func aWrongPasswordFailsAtBindNamingUserHostAndPort() throws {
        let db = Database()
        let error = try #require(throws: PonyError.self) { try db.bind(.postgres(url: try TestServer.url(password: "wrong"))) }
        guard case .connection(let message) = error else { Issue.record("got \(error)"); return }
        #expect(message.contains("'pony' at 127.0.0.1:") && !message.contains("wrong"), "\(message)")
    }
}

/// What an async throwing body returned or threw.
func outcome<T>(of body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}

/// How many sessions are inside a section now, and the most that ever were at once.
final class SessionsInside: Sendable {
    private let counts = LockedValue((now: 0, most: 0))

    var most: Int { counts.withLock { $0.most } }

    func enter() {
        counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
    }

    func leave() {
        counts.withLock { $0.now -= 1 }
    }
}
