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

    /// 100,000 distinct raw statements in one session: the statements kept stay at the cache size and SQLite's
    /// memory stops growing once the cache is full.
    @Test func aHundredThousandDistinctStatementsStayBounded() throws {
        let db = Database()
        try db.bind(try DatabaseSettings(url: "sqlite::memory:", statementCacheSize: 16))
        defer { try? db.disconnect() }
        let connection = try #require(try db.requireBinding().pool.connections.first)
        var memoryWhenFull: Int64 = 0
        try blockingOnThread {
            try db.session {
                for number in 0..<100_000 {
                    let rows = try db.select(sql: "SELECT ? + \(number)", arguments: [1])
                    guard rows.first?.values == [.integer(Int64(number) + 1)] else {
                        throw PonyError.decoding("statement \(number) returned \(rows)")
                    }
                    if number == 1_000 { memoryWhenFull = sqlite3_memory_used() }
                }
            }
        }
        #expect(connection.cachedStatementCount == 16)
        #expect(connection.openStatementCount <= 16 + 2, "open statements: \(connection.openStatementCount)")
        let growth = sqlite3_memory_used() - memoryWhenFull
        #expect(growth < 256 * 1024, "SQLite's memory grew by \(growth) bytes after the cache filled")
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
