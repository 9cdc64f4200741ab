import Foundation

/// Measures taken by running `pony-bench orm-once` as a child: peak memory (measure 6) and, where valgrind
/// is installed, instruction counts of the measured region (deterministic, unlike times on a shared machine).
struct OutOfProcessBenchmark {
    /// This executable.
    let bench: String
    let workload: Workload

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func arguments(_ contender: ContenderName, _ measure: ORMMeasure, _ storage: Storage) -> [String] {
        [bench, "orm-once", "--contender", contender.rawValue, "--measure", measure.rawValue,
         "--storage", storage.rawValue, "--rows", "\(workload.rows)"]
    }

    func peakMemory(_ contender: ContenderName, _ measure: ORMMeasure) throws -> Int {
        let run = try ProcessRun.run(arguments(contender, measure, .memory))
        guard run.status == 0 else { throw Failure(description: "orm-once \(contender.rawValue) exited with \(run.status)") }
        return run.maxResident
    }

    /// Peak RSS of a process that fetches N rows into objects, Pony against raw SQLite and GRDB.
    func memory() throws -> [Comparison] {
        let raw = try peakMemory(.raw, .fetchAll)
        let pony = try peakMemory(.pony, .fetchAll)
        let grdb = try peakMemory(.grdb, .fetchAll)
        let measure = "whole process fetching \(workload.rows.formatted()) rows into objects, in memory"
        return [
            Comparison(group: "Memory (peak RSS)", measure: measure, baseline: .bytes("raw SQLite", raw), ours: .bytes("Pony", pony), goal: nil),
            Comparison(group: "Memory (peak RSS)", measure: measure, baseline: .bytes("raw SQLite", raw), ours: .bytes("GRDB 7.10.0", grdb), goal: nil),
        ]
    }

    /// Instructions executed in the measured region, counted by callgrind, for every ORM measure.
    func instructions(valgrind: String, scratch: String) throws -> [Comparison] {
        var rows: [Comparison] = []
        let group = "Instruction counts (callgrind, measured region only, in memory, N = \(workload.rows.formatted()))"
        for measure in ORMMeasure.allCases {
            let raw = try count(valgrind, .raw, measure, scratch)
            let pony = try count(valgrind, .pony, measure, scratch)
            let checked = try count(valgrind, .ponyChecked, measure, scratch)
            rows.append(Comparison(group: group, measure: measure.title, baseline: .instructions("raw SQLite", raw),
                                   ours: .instructions("Pony", pony), goal: "≤ 1.5×"))
            rows.append(Comparison(group: group, measure: "\(measure.title), checks .trap vs .off",
                                   baseline: .instructions("checks off", pony), ours: .instructions("checks trap", checked), goal: "≤ 1.05×"))
            if measure == .update {
                let unchecked = try count(valgrind, .ponyUnchecked, measure, scratch)
                rows.append(Comparison(group: group, measure: "\(measure.title), optimistic checks vs optimistic: false",
                                       baseline: .instructions("optimistic: false", unchecked), ours: .instructions("checks on", pony),
                                       goal: "≤ 1.1×"))
            }
        }
        return rows
    }

    private func count(_ valgrind: String, _ contender: ContenderName, _ measure: ORMMeasure, _ scratch: String) throws -> Int {
        let output = "\(scratch)/callgrind-\(contender.rawValue)-\(measure.rawValue).out"
        let run = try ProcessRun.run(
            [valgrind, "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=*measuredRegion*",
             "--callgrind-out-file=\(output)"] + arguments(contender, measure, .memory))
        guard run.status == 0 else { throw Failure(description: "callgrind of orm-once \(contender.rawValue) \(measure.rawValue) exited with \(run.status)") }
        return try Self.totalInstructions(callgrindOutput: output)
    }

    /// The `totals:` (or `summary:`) line of a callgrind output file: the instructions of the collected events.
    static func totalInstructions(callgrindOutput path: String) throws -> Int {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("totals:") || line.hasPrefix("summary:") {
            if let value = line.split(separator: " ").last.flatMap({ Int($0) }), value > 0 { return value }
        }
        throw Failure(description: "\(path): no totals line with a non-zero instruction count (did the toggle match?)")
    }
}
