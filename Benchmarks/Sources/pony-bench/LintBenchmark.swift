import Foundation

/// Measures 1, 2 and the linter half of 6: pony-lint against swift-format and against the floors,
/// on the real corpus and on the session-dense one.
struct LintBenchmark {
    let ponyLint: String
    /// `nil` when swift-format is not installed; its rows are then left out with a note.
    let swiftFormat: String?
    let rounds: Int

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
    func ponyLint(_ corpus: SourceCorpus, jobs: Int, accepted: Set<Int32>) throws -> (Timing, peakMemory: Int) {
        try timeProcess([ponyLint, "--no-cache", "--jobs", "\(jobs)", corpus.root], accepted: accepted, rounds: rounds)
    }

    /// Runs a floor `rounds` times, each in a fresh `pony-bench floor-once` process timed as pony-lint is;
    /// fails unless it counted `expected` (bytes; any positive count when `nil`).
    func floor(_ kind: LintFloors.Kind, _ corpus: SourceCorpus, expected: Int?) throws -> Timing {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pony-bench-floor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let list = scratch + "/files", output = scratch + "/count"
        try corpus.files.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let arguments = [try PonyBench.executablePath(), "floor-once", "--floor", kind.rawValue, "--files", list]
        var seconds: [Double] = []
        for _ in 0..<rounds {
            let run = try ProcessRun.run(arguments, output: output, environment: LintFloors.keepingFreedMemory)
            let counted = Int((try String(contentsOfFile: output, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines))
            guard run.status == 0, let counted, counted == expected ?? max(counted, 1) else {
                throw Failure(description: "floor-once --floor \(kind.rawValue) exited with \(run.status) and counted \(counted.map(String.init) ?? "nothing") (expected \(expected.map(String.init) ?? "a positive count"))")
            }
            seconds.append(run.wall)
        }
        return Timing(seconds: seconds)
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
            notes.append("swift-format ran once (it takes tens of seconds); every other lint number is the median of \(rounds) runs.")
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
        let one = try ponyLint(corpus, jobs: 1, accepted: [1])
        let two = try ponyLint(corpus, jobs: 2, accepted: [1])
        let floors = try floors(corpus)
        let walk = try floor(.parseAndWalk, corpus, expected: nil)
        return [
            Comparison(group: group, measure: "pony-lint --jobs 1 vs parse-only floor (1 thread)",
                       baseline: .time("SwiftParser", floors.parse), ours: .time("pony-lint", one.0), goal: "≤ 1.3×"),
            Comparison(group: group, measure: "parse + one empty SyntaxVisitor walk vs parse-only floor (1 thread)",
                       baseline: .time("SwiftParser", floors.parse), ours: .time("parse + walk", walk), goal: nil),
            Comparison(group: group, measure: "scaling: pony-lint --jobs 2 vs --jobs 1",
                       baseline: .time("--jobs 1", one.0), ours: .time("--jobs 2", two.0), goal: "≈ 0.5× on 2 cores"),
        ]
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
