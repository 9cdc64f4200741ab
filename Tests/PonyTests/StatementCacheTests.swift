import CSQLite
import Foundation
@testable import Pony
import Testing

/// Prepared statements are reused, and bounded: the connection keeps at most `statementCacheSize` of them,
/// least recently used first out, so a program that generates SQL does not grow without end.
@Suite("Statement cache")
struct StatementCacheTests {
    @Test func evictsTheLeastRecentlyUsedStatement() {
        var cache = StatementCache<String>(capacity: 2)
        #expect(cache.insert("a", for: "SELECT 1").isEmpty)
        #expect(cache.insert("b", for: "SELECT 2").isEmpty)
        #expect(cache["SELECT 1"] == "a")                   // now SELECT 2 is the oldest
        #expect(cache.insert("c", for: "SELECT 3") == ["b"])
        #expect(cache["SELECT 2"] == nil && cache["SELECT 1"] == "a" && cache["SELECT 3"] == "c")
        #expect(cache.count == 2)
    }

    @Test func aCapacityOfZeroKeepsNothing() {
        var cache = StatementCache<String>(capacity: 0)
        #expect(cache.insert("a", for: "SELECT 1") == ["a"])
        #expect(cache.count == 0 && cache["SELECT 1"] == nil)
    }

    @Test func replacingAStatementHandsBackTheOldOne() {
        var cache = StatementCache<String>(capacity: 2)
        cache.insert("a", for: "SELECT 1")
        #expect(cache.insert("a2", for: "SELECT 1") == ["a"])
        #expect(cache.count == 1)
    }

    /// 100,000 distinct raw statements in one session: the statements kept stay at the cache size, and the
    /// memory SQLite holds for this connection's prepared statements stops growing once the cache is full.
    ///
    /// The memory is the connection's own (`SQLITE_DBSTATUS_STMT_USED`), not the process's
    /// (`sqlite3_memory_used`), which the suites running beside this one change (under AddressSanitizer, where
    /// everything runs slower and overlaps more, it once grew by 290 KB here). With the cache unbounded the
    /// statements hold 163 MB at the end instead of 1.6 MB.
    @Test func aHundredThousandDistinctStatementsStayBounded() throws {
        let db = Database()
        try db.bind(try DatabaseSettings(url: "sqlite::memory:", statementCacheSize: 16))
        defer { try? db.disconnect() }
        let connection = try #require(try db.requireBinding().pool.connections.first)
        let handle = try #require(connection.backend as? SQLiteConnection).handle
        var statementMemoryWhenFull: Int32 = 0
        try blockingOnThread {
            try db.session {
                for number in 0..<100_000 {
                    let rows = try db.select(sql: "SELECT ? + \(number)", arguments: [1])
                    guard rows.first?.values == [.integer(Int64(number) + 1)] else {
                        throw PonyError.decoding("statement \(number) returned \(rows)")
                    }
                    if number == 1_000 { statementMemoryWhenFull = Self.statementMemory(of: handle) }
                }
            }
        }
        #expect(connection.cachedStatementCount == 16)
        #expect(connection.openStatementCount <= 16 + 2, "open statements: \(connection.openStatementCount)")
        let statementMemory = Self.statementMemory(of: handle)
        #expect(statementMemoryWhenFull > 0)
        #expect(
            statementMemory <= statementMemoryWhenFull + 4 * 1024,
            "prepared statements held \(statementMemoryWhenFull) bytes after 1,000 statements, \(statementMemory) after 100,000")
    }

    /// The bytes of heap SQLite uses for the prepared statements of the connection `handle`.
    private static func statementMemory(of handle: OpaquePointer) -> Int32 {
        var current: Int32 = 0
        var highwater: Int32 = 0
        sqlite3_db_status(handle, SQLITE_DBSTATUS_STMT_USED, &current, &highwater, 0)
        return current
    }

    @Test func rawSQLCanOptOutOfTheCache() throws {
        let db = try blockingOnThread { try makeDatabase([]) }
        defer { try? db.disconnect() }
        let connection = try #require(try db.requireBinding().pool.connections.first)
        try blockingOnThread {
            try db.session {
                _ = try db.select(sql: "SELECT 1", cached: false)
                _ = try db.execute(sql: "CREATE TABLE one_off (x INTEGER)", cached: false)
                _ = try db.select(sql: "SELECT 2")
            }
        }
        #expect(connection.cachedStatementCount == 1)
        #expect(connection.openStatementCount == 1)
    }

    @Test func aNegativeCacheSizeIsAConfigurationError() {
        #expect(throws: PonyError.configuration("statement cache size must not be negative, got -1")) {
            try DatabaseSettings(url: "sqlite::memory:", statementCacheSize: -1)
        }
    }
}
