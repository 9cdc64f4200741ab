import Foundation
import Pony
import PonyPostgreSQL

/// The ORM measures on PostgreSQL: Pony and postgres-nio against raw libpq on the same server, and the async bridge's pool
/// under 1,000 concurrent tasks at several pool sizes.
struct PostgresBenchmark {
    let server: PostgresServer
    let workload: Workload
    let rounds: Int
    let tasks: Int

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func time<C: PostgresContender>(_ type: C.Type, _ measure: ORMMeasure) throws -> (Timing, checksum: Int) {
        var contender = try C(server: server, workload: workload)
        defer { try? contender.close() }
        var checksum = 0
        let timing = try Timing.measure(rounds: rounds, prepare: { try contender.prepare(for: measure) }) {
            checksum = try contender.run(measure)
        }
        return (timing, checksum)
    }

    func comparisons() throws -> [Comparison] {
        var rows: [Comparison] = []
        PonyChecks.mode = .off
        for measure in PostgresServer.measures {
            let label = "\(measure.title) (N = \(workload.rows))"
            log("postgres: \(measure.rawValue)")
            let raw = try time(RawPostgresContender.self, measure)
            let pony = try time(PonyPostgresContender.self, measure)
            let peer = try time(PostgresNIOContender.self, measure)
            for (name, checksum) in [(PonyPostgresContender.name, pony.checksum), (PostgresNIOContender.name, peer.checksum)]
            where checksum != raw.checksum {
                throw Failure(description: "\(label): \(name) computed \(checksum), raw libpq \(raw.checksum)")
            }
            let group = "PostgreSQL: ORM vs raw libpq vs postgres-nio (loopback server)"
            rows.append(Comparison(
                group: group, measure: label,
                baseline: .time(RawPostgresContender.name, raw.0), ours: .time(PonyPostgresContender.name, pony.0), goal: "≤ 1.5×"))
            rows.append(Comparison(
                group: group, measure: label,
                baseline: .time(RawPostgresContender.name, raw.0), ours: .time(PostgresNIOContender.name, peer.0), goal: nil))
            if measure == .update {
                let unchecked = try PonyWork.withoutOptimisticChecks { try time(PonyPostgresContender.self, measure) }
                guard unchecked.checksum == raw.checksum else {
                    throw Failure(description: "\(label): Pony with optimistic: false computed \(unchecked.checksum), raw libpq \(raw.checksum)")
                }
                rows.append(Comparison(
                    group: "PostgreSQL: optimistic checks overhead (Pony, default vs optimistic: false)", measure: label,
                    baseline: .time("optimistic: false", unchecked.0), ours: .time("checks on", pony.0), goal: "≤ 1.1×"))
            }
        }
        rows += try bridge()
        return rows
    }

    /// `tasks` concurrent tasks, each reading a row and writing it back through `try await db.session`, with the
    /// pool at 1, 2, 4 and 8 connections; each size compared with one connection.
    func bridge() throws -> [Comparison] {
        let group = "PostgreSQL: async bridge under load (\(tasks.formatted()) concurrent tasks, read + write each)"
        var results: [(size: Int, rounds: [AsyncBridgeBenchmark.Round])] = []
        for size in [1, 2, 4, 8] {
            log("postgres bridge: pool of \(size)")
            results.append((size, try bridgeRounds(poolSize: size)))
        }
        let one = results[0].rounds
        return results.dropFirst().flatMap { size, rounds in
            [
                Comparison(group: group, measure: "throughput, pool of \(size) vs 1 (tasks per second, median round)",
                           baseline: AsyncBridgeBenchmark.throughput("pool of 1", one, tasks: tasks),
                           ours: AsyncBridgeBenchmark.throughput("pool of \(size)", rounds, tasks: tasks), goal: nil),
                Comparison(group: group, measure: "p99 latency of one task, pool of \(size) vs 1 (median round)",
                           baseline: .time("pool of 1", AsyncBridgeBenchmark.p99(one)),
                           ours: .time("pool of \(size)", AsyncBridgeBenchmark.p99(rounds)), goal: nil),
            ]
        }
    }

    private func bridgeRounds(poolSize: Int) throws -> [AsyncBridgeBenchmark.Round] {
        let setup = Database()
        try setup.bind(.postgres(url: server.url))
        try setup.session {
            _ = try setup.execute(sql: "DROP SCHEMA IF EXISTS bench_bridge CASCADE", cached: false)
            _ = try setup.execute(sql: "CREATE SCHEMA bench_bridge", cached: false)
        }
        try setup.disconnect()
        let db = Database()
        try db.bind(.postgres(url: server.url(schema: "bench_bridge"), maxConnections: poolSize))
        defer { try? db.disconnect() }
        return try AsyncBridgeBenchmark.ponyRounds(db: db, tasks: tasks, rounds: rounds)
    }
}
