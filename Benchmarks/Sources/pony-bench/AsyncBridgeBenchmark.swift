import Foundation
import GRDB
import Pony
import Synchronization

/// Measure 5: `tasks` concurrent tasks, each reading a row and writing it back through the async API —
/// Pony's `try await db.session { … }` against GRDB's `try await queue.write { … }` — on a WAL file.
struct AsyncBridgeBenchmark {
    let tasks: Int
    let rounds: Int
    let folder: String

    /// One round: how long all tasks took together, and how long each one waited for its answer.
    struct Round: Sendable {
        let wall: Double
        let latencies: [Double]
    }

    func comparisons() throws -> [Comparison] {
        let pony = try measurePony()
        let grdb = try measureGRDB()
        let group = "Async bridge under load (\(tasks.formatted()) concurrent tasks, read + write each, file, WAL)"
        return [
            Comparison(group: group, measure: "throughput (tasks per second, median round)",
                       baseline: Self.throughput("GRDB queue.write", grdb, tasks: tasks),
                       ours: Self.throughput("Pony session", pony, tasks: tasks), goal: nil),
            Comparison(group: group, measure: "p99 latency of one task (median round)",
                       baseline: .time("GRDB queue.write", Self.p99(grdb)), ours: .time("Pony session", Self.p99(pony)), goal: nil),
        ]
    }

    static func throughput(_ label: String, _ rounds: [Round], tasks: Int) -> Quantity {
        let rates = rounds.map { Double(tasks) / $0.wall }.sorted()
        return Quantity(label: label, unit: .perSecond, value: rates[rates.count / 2], best: nil)
    }

    /// The 99th-percentile latency of each round.
    static func p99(_ rounds: [Round]) -> Timing {
        Timing(seconds: rounds.map { round in
            let sorted = round.latencies.sorted()
            return sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        })
    }

    func measurePony() throws -> [Round] {
        let path = "\(folder)/async-pony.sqlite"
        Storage.removeDatabase(at: path)
        let db = Database()
        try db.bind(.sqlite(path: path, create: true))
        defer { try? db.disconnect() }
        return try Self.ponyRounds(db: db, tasks: tasks, rounds: rounds)
    }

    /// Maps the entities on `db`, inserts one person per task, and runs the rounds: each task reads its person
    /// and writes it back through the async bridge.
    static func ponyRounds(db: Pony.Database, tasks: Int, rounds: Int) throws -> [Round] {
        try db.generateMapping([Person.self, Customer.self, Product.self, PurchaseOrder.self], createTables: true)
        try db.session {
            for index in 0..<tasks { _ = Person(name: "person \(index)", age: 0, score: 0) }
        }
        return try (0..<rounds).map { _ in
            try Self.round(tasks: tasks) { id in
                try await db.session {
                    let person = try Person[id]
                    person.age += 1
                    return person.age
                }
            }
        }
    }

    func measureGRDB() throws -> [Round] {
        let path = "\(folder)/async-grdb.sqlite"
        Storage.removeDatabase(at: path)
        let queue = try GRDBContender.openQueue(path: path)
        let tasks = tasks
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE person (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, age INTEGER NOT NULL, score REAL NOT NULL)")
            for index in 0..<tasks {
                var person = GRDBContender.PersonRecord(name: "person \(index)", age: 0, score: 0)
                try person.insert(db)
            }
        }
        return try (0..<rounds).map { _ in
            try Self.round(tasks: tasks) { id in
                try await queue.write { db in
                    guard var person = try GRDBContender.PersonRecord.fetchOne(db, key: id) else {
                        throw RawConnection.Failure.missingRow(id)
                    }
                    person.age += 1
                    try person.update(db)
                    return person.age
                }
            }
        }
    }

    /// Starts `tasks` tasks at once, each running `work` on its own row, and waits for all of them.
    static func round(tasks: Int, _ work: @escaping @Sendable (Int64) async throws -> Int) throws -> Round {
        try waitFor {
            let start = ContinuousClock.now
            let latencies = try await withThrowingTaskGroup(of: Double.self) { group in
                for id in 1...Int64(tasks) {
                    group.addTask {
                        let begun = ContinuousClock.now
                        _ = try await work(id)
                        return (ContinuousClock.now - begun).seconds
                    }
                }
                return try await group.reduce(into: [Double]()) { $0.append($1) }
            }
            return Round(wall: (ContinuousClock.now - start).seconds, latencies: latencies)
        }
    }
}

/// Runs async work from synchronous code (this tool's commands are synchronous so that the ORM measures
/// open their sessions off the cooperative pool) and waits for its result.
func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
