import Foundation

/// Measures 1, 2 and the linter half of 6: pony-lint against swift-format and against the floors,
/// on the real corpus and on the session-dense one.
struct LintBenchmark {
    let ponyLint: String
    /// `nil` when swift-format is not installed; its rows are then left out with a note.
    let swiftFormat: String?
    let rounds: Int
    /// valgrind and copies of pony-lint and pony-bench without debug info (valgrind 3.19 cannot read Swift 6's
    /// DWARF 5), for the dense corpus's instruction counts; nil leaves them out.
    var callgrind: Callgrind? = nil

    struct Callgrind {
        let valgrind: String
        let ponyLint: String
        let ponyBench: String
        /// How many of the dense corpus's files are counted (callgrind runs ~50× slower than the program).
        var files = 200
    }

    /// Alternating rounds for the dense corpus's ratios: 9 when the run takes several rounds (on this shared
    /// machine single pairs ranged from 1.03× to 1.66× within two minutes), else `rounds`.
    var alternatingRounds: Int { rounds > 1 ? max(rounds, 9) : rounds }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a linter `rounds` times; fails unless every run exits with one of `accepted`.
    func timeProcess(_ arguments: [String], accepted: Set<Int32>, rounds: Int) throws -> (Timing, peakMemory: Int) {
        var runs: [ProcessRun] = []
        for _ in 0..<rounds {
            let run = try ProcessRun.run(arguments)
            guard accepted.contains(run.status) else {
                throw Failure(description: "`\(arguments.joined(separator: " "))` exited with \(run.status)")
            }
            runs.append(run)
        }
        return (Timing(seconds: runs.map(\.wall)), runs.map(\.maxResident).max() ?? 0)
    }

    /// pony-lint without its result cache: every run reads and parses as a first run does.
    func ponyLint(_ corpus: SourceCorpus, jobs: Int, accepted: Set<Int32>, rounds: Int? = nil) throws -> (Timing, peakMemory: Int) {
        try timeProcess([ponyLint, "--no-cache", "--jobs", "\(jobs)", corpus.root], accepted: accepted, rounds: rounds ?? self.rounds)
    }

    /// Runs a floor `rounds` times, each in a fresh `pony-bench floor-once` process timed as pony-lint is;
    /// fails unless it counted `expected` (bytes; any positive count when `nil`).
    func floor(_ kind: LintFloors.Kind, _ corpus: SourceCorpus, expected: Int?) throws -> Timing {
        let floor = try FloorProcess(kind, files: corpus.files, expected: expected)
        defer { floor.remove() }
        return Timing(seconds: try (0..<rounds).map { _ in try floor.run().wall })
    }

    /// pony-lint `--jobs 1`, the parse floor and pony-lint `--jobs 2`, a round of each in turn: this machine's speed
    /// drifts by a third within minutes (a shared virtual machine), and rounds taken one measure after the other
    /// would give the measures different machines.
    ///
    /// A full run takes at least ``alternatingRounds`` rounds, and the rows also give each round's ratio: runs a
    /// few seconds apart share the machine's state more often than two medians do.
    func timeInTurns(_ corpus: SourceCorpus) throws -> (one: Timing, floor: Timing, two: Timing) {
        let floor = try FloorProcess(.parse, files: corpus.files, expected: corpus.bytes)
        defer { floor.remove() }
        func lint(jobs: Int) throws -> Double {
            try ponyLint(corpus, jobs: jobs, accepted: [1], rounds: 1).0.seconds[0]
        }
        var one: [Double] = [], parse: [Double] = [], two: [Double] = []
        for _ in 0..<alternatingRounds {
            one.append(try lint(jobs: 1))
            parse.append(try floor.run().wall)
            two.append(try lint(jobs: 2))
        }
        return (Timing(seconds: one), Timing(seconds: parse), Timing(seconds: two))
    }

    /// Instructions (callgrind) of pony-lint `--jobs 1` and of the parse floor on the first files of the corpus:
    /// what the wall-clock ratio would be on a machine whose speed holds still.
    func instructions(_ corpus: SourceCorpus, _ callgrind: Callgrind) throws -> (ponyLint: Int, floor: Int, files: Int) {
        let files = Array(corpus.files.prefix(callgrind.files))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pony-bench-callgrind-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let list = scratch + "/files"
        try files.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        func count(_ name: String, _ arguments: [String], accepted: Set<Int32>, environment: [String: String] = [:]) throws -> Int {
            let output = "\(scratch)/\(name).out"
            let run = try ProcessRun.run(
                [callgrind.valgrind, "--tool=callgrind", "--callgrind-out-file=\(output)"] + arguments, output: scratch + "/\(name).txt",
                environment: environment)
            guard accepted.contains(run.status) else { throw Failure(description: "callgrind of \(name) exited with \(run.status)") }
            return try OutOfProcessBenchmark.totalInstructions(callgrindOutput: output)
        }
        let lint = try count("pony-lint", [callgrind.ponyLint, "--no-cache", "--jobs", "1"] + files, accepted: [1])
        let floor = try count(
            "floor", [callgrind.ponyBench, "floor-once", "--floor", "parse", "--files", list], accepted: [0],
            environment: LintFloors.keepingFreedMemory)
        return (lint, floor, files.count)
    }

    func floors(_ corpus: SourceCorpus) throws -> (read: Timing, parse: Timing) {
        (try floor(.read, corpus, expected: corpus.bytes), try floor(.parse, corpus, expected: corpus.bytes))
    }

    /// Measure 1 and pony-lint's peak memory (measure 6): the seven mirror packages.
    func realCorpus(_ corpus: SourceCorpus, notes: inout [String]) throws -> [Comparison] {
        let group = "Lint, real corpus (\(corpus.summary))"
        // The seven packages are clean: any finding (exit 1) would be a false positive, so only 0 is accepted.
        let two = try ponyLint(corpus, jobs: 2, accepted: [0])
        let one = try ponyLint(corpus, jobs: 1, accepted: [0])
        let floors = try floors(corpus)
        var rows = [
            Comparison(group: group, measure: "pony-lint --jobs 2 vs the 0.5 s budget (wall)",
                       baseline: .time("budget", Timing(seconds: [0.5])), ours: .time("pony-lint", two.0), goal: "< 1× (< 0.5 s)"),
            Comparison(group: group, measure: "pony-lint --jobs 1 vs parse-only floor (1 thread)",
                       baseline: .time("SwiftParser", floors.parse), ours: .time("pony-lint", one.0), goal: nil),
            Comparison(group: group, measure: "pony-lint --jobs 2 vs read-only floor (1 thread)",
                       baseline: .time("read files", floors.read), ours: .time("pony-lint", two.0), goal: nil),
        ]
        if let swiftFormat {
            // swift-format reports style findings on these packages (exit 1); both 0 and 1 are normal runs.
            let format = try timeProcess([swiftFormat, "lint", "--recursive", "--parallel", corpus.root], accepted: [0, 1], rounds: 1)
            rows.insert(
                Comparison(group: group, measure: "pony-lint --jobs 2 vs swift-format lint --recursive --parallel (wall)",
                           baseline: .time("swift-format", format.0), ours: .time("pony-lint", two.0), goal: "≤ 0.05× (≥ 20× faster)"),
                at: 0)
            rows.append(
                Comparison(group: "Memory (peak RSS)", measure: "pony-lint --jobs 2 vs swift-format lint, real corpus",
                           baseline: .bytes("swift-format", format.peakMemory), ours: .bytes("pony-lint", two.peakMemory), goal: nil))
            notes.append("swift-format ran once (it takes tens of seconds); every other lint number is the median of \(rounds) runs, except the dense corpus's measures taken in turn, whose rows say how many rounds they took.")
        } else {
            notes.append("swift-format was not given (run.sh gives it when installed, --quick never does): no swift-format rows.")
            rows.append(
                Comparison(group: "Memory (peak RSS)", measure: "pony-lint --jobs 2, real corpus, vs --jobs 1",
                           baseline: .bytes("--jobs 1", one.peakMemory), ours: .bytes("--jobs 2", two.peakMemory), goal: nil))
        }
        return rows
    }

    /// Measure 2: a generated corpus in which every file opens sessions (and some misuse them).
    func denseCorpus(_ corpus: SourceCorpus) throws -> [Comparison] {
        let group = "Lint, session-dense corpus (\(corpus.summary), generated)"
        // The dense corpus holds deliberate misuse, so pony-lint must report findings (exit 1).
        let (one, parse, two) = try timeInTurns(corpus)
        let walk = try floor(.parseAndWalk, corpus, expected: nil)
        var rows = [
            Comparison(group: group, measure: "pony-lint --jobs 1 vs parse-only floor (1 thread, \(Self.pairs(one, parse)))",
                       baseline: .time("SwiftParser", parse), ours: .time("pony-lint", one), goal: "≤ 1.3×"),
            Comparison(group: group, measure: "parse + one empty SyntaxVisitor walk vs parse-only floor (1 thread)",
                       baseline: .time("SwiftParser", parse), ours: .time("parse + walk", walk), goal: nil),
            Comparison(group: group, measure: "scaling: pony-lint --jobs 2 vs --jobs 1 (\(Self.pairs(two, one)))",
                       baseline: .time("--jobs 1", one), ours: .time("--jobs 2", two), goal: "≈ 0.5× on 2 cores"),
        ]
        if let callgrind {
            let counted = try instructions(corpus, callgrind)
            rows.append(Comparison(
                group: group, measure: "instructions (callgrind), pony-lint --jobs 1 vs parse-only floor, first \(counted.files) files",
                baseline: .instructions("SwiftParser", counted.floor), ours: .instructions("pony-lint", counted.ponyLint), goal: "≤ 1.3×"))
        }
        return rows
    }

    /// "9 rounds alternating; per round 1.03×–1.66×, median 1.26×": what each pair of runs measured, taken in turn.
    static func pairs(_ ours: Timing, _ baseline: Timing) -> String {
        let ratios = zip(ours.seconds, baseline.seconds).map { $0 / $1 }
        guard let low = ratios.min(), let high = ratios.max() else { return "no rounds" }
        let median = Timing.median(ratios)
        return String(format: "%d rounds alternating; per round %.2f×–%.2f×, median %.2f×", ratios.count, low, high, median)
    }

    /// Measure 3 (issue 14): the result cache on a large corpus. A warm run with nothing changed against a run
    /// without the cache; the first run, which fills an empty cache; and a run after a few files were edited,
    /// whose output must be byte for byte a `--no-cache` run's (the benchmark fails otherwise).
    func cache(_ corpus: SourceCorpus, editing edited: Int = 3) throws -> [Comparison] {
        let group = "Lint cache (\(corpus.summary))"
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pony-bench-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let folder = scratch + "/cache"
        let cached = [ponyLint, "--cache-path", folder, "--jobs", "2", "--exit-zero", corpus.root]
        let uncached = [ponyLint, "--no-cache", "--jobs", "2", "--exit-zero", corpus.root]
        let cold = try timeProcess(uncached, accepted: [0], rounds: rounds)
        let first = try timeProcess(cached, accepted: [0], rounds: 1)
        let warm = try timeProcess(cached, accepted: [0], rounds: rounds)
        // Edit a few files spread over the corpus (a comment appended), compare, and put them back.
        let targets = stride(from: 0, to: corpus.files.count, by: max(1, corpus.files.count / edited)).prefix(edited).map { corpus.files[$0] }
        let originals = try targets.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        defer { for (path, data) in zip(targets, originals) { try? data.write(to: URL(fileURLWithPath: path)) } }
        for (path, data) in zip(targets, originals) {
            try (data + Data("\n// edited by pony-bench\n".utf8)).write(to: URL(fileURLWithPath: path))
        }
        let afterEdit = try ProcessRun.run(cached, output: scratch + "/cached.txt")
        _ = try ProcessRun.run(uncached, output: scratch + "/uncached.txt")
        let cachedOutput = try Data(contentsOf: URL(fileURLWithPath: scratch + "/cached.txt"))
        guard afterEdit.status == 0, cachedOutput == (try Data(contentsOf: URL(fileURLWithPath: scratch + "/uncached.txt"))) else {
            throw Failure(description: "after editing \(edited) files, the cached run's output differs from a --no-cache run's")
        }
        let uncachedTime = Quantity.time("--no-cache", cold.0)
        return [
            Comparison(group: group, measure: "warm run, nothing changed, vs a run without the cache (--jobs 2)",
                       baseline: uncachedTime, ours: .time("warm cache", warm.0), goal: "≤ 0.1×"),
            Comparison(group: group, measure: "first run, filling an empty cache, vs a run without the cache",
                       baseline: uncachedTime, ours: .time("empty cache", first.0), goal: nil),
            Comparison(group: group, measure: "after editing \(edited) files (output identical to --no-cache), vs a run without the cache",
                       baseline: uncachedTime, ours: .time("warm cache", Timing(seconds: [afterEdit.wall])), goal: nil),
            Comparison(group: "Memory (peak RSS)", measure: "pony-lint warm cache vs --no-cache, \(corpus.summary)",
                       baseline: .bytes("--no-cache", cold.peakMemory), ours: .bytes("warm cache", warm.peakMemory), goal: nil),
        ]
    }
}

/// One floor, ready to run in a fresh `pony-bench floor-once` process over a corpus's files, as many times as asked.
struct FloorProcess {
    let kind: LintFloors.Kind
    /// Bytes the run must count; any positive count when nil.
    let expected: Int?
    private let scratch: String
    private let arguments: [String]

    init(_ kind: LintFloors.Kind, files: [String], expected: Int?) throws {
        self.kind = kind
        self.expected = expected
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pony-bench-floor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try files.joined(separator: "\n").write(toFile: scratch + "/files", atomically: true, encoding: .utf8)
        arguments = [try PonyBench.executablePath(), "floor-once", "--floor", kind.rawValue, "--files", scratch + "/files"]
    }

    /// One timed run; fails unless it counted what was expected.
    func run() throws -> ProcessRun {
        let output = scratch + "/count"
        let run = try ProcessRun.run(arguments, output: output, environment: LintFloors.keepingFreedMemory)
        let counted = Int((try String(contentsOfFile: output, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines))
        guard run.status == 0, let counted, counted == expected ?? max(counted, 1) else {
            throw LintBenchmark.Failure(description: "floor-once --floor \(kind.rawValue) exited with \(run.status) and counted \(counted.map(String.init) ?? "nothing") (expected \(expected.map(String.init) ?? "a positive count"))")
        }
        return run
    }

    /// Removes the file list.
    func remove() {
        try? FileManager.default.removeItem(atPath: scratch)
    }
}
