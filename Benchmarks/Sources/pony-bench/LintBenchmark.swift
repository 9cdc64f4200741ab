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

    func ponyLint(_ corpus: SourceCorpus, jobs: Int, accepted: Set<Int32>) throws -> (Timing, peakMemory: Int) {
        try timeProcess([ponyLint, "--jobs", "\(jobs)", corpus.root], accepted: accepted, rounds: rounds)
    }

    func floors(_ corpus: SourceCorpus) throws -> (read: Timing, parse: Timing) {
        let floors = LintFloors(corpus: corpus)
        var read = 0, parsed = 0
        let readTiming = try Timing.measure(rounds: rounds) { read = try floors.read() }
        let parseTiming = try Timing.measure(rounds: rounds) { parsed = try floors.parse() }
        guard read == corpus.bytes, parsed == corpus.bytes else {
            throw Failure(description: "floors read \(read) and parsed \(parsed) bytes of \(corpus.bytes)")
        }
        return (readTiming, parseTiming)
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
        return [
            Comparison(group: group, measure: "pony-lint --jobs 1 vs parse-only floor (1 thread)",
                       baseline: .time("SwiftParser", floors.parse), ours: .time("pony-lint", one.0), goal: "≤ 1.3×"),
            Comparison(group: group, measure: "scaling: pony-lint --jobs 2 vs --jobs 1",
                       baseline: .time("--jobs 1", one.0), ours: .time("--jobs 2", two.0), goal: "≈ 0.5× on 2 cores"),
        ]
    }
}
