import Foundation
import Pony

/// Runs the ORM measures for every contender and storage and compares Pony (and GRDB) with raw SQLite.
struct ORMBenchmark {
    let workload: Workload
    let rounds: Int
    let folder: String
    var measures = ORMMeasure.allCases

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Times `measure` for one contender: `rounds` runs, each on a freshly prepared database.
    func time<C: ORMContender>(_ type: C.Type, _ measure: ORMMeasure, storage: Storage) throws -> (Timing, checksum: Int) {
        var contender = try C(storage: storage, folder: folder, workload: workload)
        var checksum = 0
        let timing = try Timing.measure(rounds: rounds, prepare: { try contender.prepare(for: measure) }) {
            checksum = try contender.run(measure)
        }
        return (timing, checksum)
    }

    func comparisons() throws -> [Comparison] {
        var rows: [Comparison] = []
        for storage in Storage.allCases {
            for measure in measures {
                let label = "\(measure.title), \(storage.rawValue) (N = \(workload.rows))"
                let raw = try time(RawSQLiteContender.self, measure, storage: storage)
                PonyChecks.mode = .off
                let pony = try time(PonyContender.self, measure, storage: storage)
                PonyChecks.mode = .trap
                let ponyChecked = try time(PonyContender.self, measure, storage: storage)
                PonyChecks.mode = .off
                let grdb = try time(GRDBContender.self, measure, storage: storage)
                for (name, checksum) in [("Pony", pony.checksum), ("Pony with checks", ponyChecked.checksum), ("GRDB", grdb.checksum)]
                where checksum != raw.checksum {
                    throw Failure(description: "\(label): \(name) computed \(checksum), raw SQLite \(raw.checksum)")
                }
                rows.append(Comparison(
                    group: "ORM vs raw SQLite vs GRDB", measure: label,
                    baseline: .time(RawSQLiteContender.name, raw.0), ours: .time(PonyContender.name, pony.0), goal: "≤ 1.5×"))
                rows.append(Comparison(
                    group: "ORM vs raw SQLite vs GRDB", measure: label,
                    baseline: .time(RawSQLiteContender.name, raw.0), ours: .time(GRDBContender.name, grdb.0), goal: nil))
                rows.append(Comparison(
                    group: "Runtime checks overhead (Pony, checks .trap vs .off)", measure: label,
                    baseline: .time("checks off", pony.0), ours: .time("checks trap", ponyChecked.0), goal: "≤ 1.05×"))
                if measure == .update {
                    let unchecked = try PonyWork.withoutOptimisticChecks { try time(PonyContender.self, measure, storage: storage) }
                    guard unchecked.checksum == raw.checksum else {
                        throw Failure(description: "\(label): Pony with optimistic: false computed \(unchecked.checksum), raw SQLite \(raw.checksum)")
                    }
                    rows.append(Comparison(
                        group: "Optimistic checks overhead (Pony, default vs optimistic: false)", measure: label,
                        baseline: .time("optimistic: false", unchecked.0), ours: .time("checks on", pony.0), goal: "≤ 1.1×"))
                }
            }
        }
        return rows
    }
}
