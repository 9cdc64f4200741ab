import Foundation
@testable import Pony
import Testing

@Entity final class StormRow {
    var number: Int
    init(number: Int) { self.number = number }
}

/// 10,000 bridged sessions, a third of them cancelled at random moments, the runtime checks on (this suite
/// does not relax them): no trap, every session either committed (it returned) or left nothing (it threw
/// CancellationError), and afterwards no connection is lent, in a transaction, or holding extra statements.
@Suite("A storm of cancelled sessions")
struct CancellationStormTests {
    @Test func tenThousandSessionsAThirdCancelledLoseNothingAndLeakNothing() async throws {
        let db = try await onThread { try makeDatabase([StormRow.self]) }
        defer { try? db.disconnect() }
        let count = 10_000
        let tasks = (0..<count).map { number in
            Task { try await db.session { _ = StormRow(number: number) } }
        }
        var victims = Array(stride(from: 0, to: count, by: 3))
        victims.shuffle()
        for (index, number) in victims.enumerated() {
            if index % 64 == 0 { try await Task.sleep(for: .microseconds(Int.random(in: 0...400))) }
            tasks[number].cancel()
        }
        var returned: Set<Int> = []
        var cancelled = 0
        for (number, task) in tasks.enumerated() {
            do {
                try await task.value
                returned.insert(number)
            } catch is CancellationError {
                #expect(number % 3 == 0, "session \(number) was never cancelled")
                cancelled += 1
            } catch {
                Issue.record("session \(number): \(error)")
            }
        }
        let stored = try await db.session { try StormRow.select().fetch().map(\.number) }
        #expect(stored.count == Set(stored).count, "no session was written twice")
        #expect(Set(stored) == returned, "exactly the sessions that returned are stored")
        #expect(cancelled > 0, "the storm cancelled some sessions before they committed")
        let pool = try db.requireBinding().pool
        var lent = 0
        pool.forEachLent { _, _ in lent += 1 }
        #expect(lent == 0)
        for connection in pool.connections {
            #expect(!connection.backend.isInTransaction)
            #expect(connection.openStatementCount <= DatabaseSettings.defaultStatementCacheSize + 8)
        }
        #expect(try await db.session { try StormRow.count() } == returned.count, "the database still serves sessions")
    }
}
