import Foundation
@testable import pony_bench
import Testing

/// The benchmark harness's own arithmetic and plumbing. No timing is asserted anywhere.
@Suite("Benchmark harness")
struct PonyBenchTests {
    @Test func theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        let timing = Timing(seconds: [4, 1, 3, 2])
        #expect(timing.median == 2.5)
        #expect(timing.min == 1)
    }

    @Test func alternatingRoundsAreSummarizedPairByPair() {
        // Three pairs taken in turn: 1.2 s against 1.0 s, 3.0 s against 2.0 s, 1.1 s against 1.0 s.
        let summary = LintBenchmark.pairs(Timing(seconds: [1.2, 3.0, 1.1]), Timing(seconds: [1.0, 2.0, 1.0]))
        #expect(summary == "3 rounds alternating; per round 1.10×–1.50×, median 1.20×")
        #expect(LintBenchmark.pairs(Timing(seconds: []), Timing(seconds: [])) == "no rounds")
    }

    @Test func aFullRunTakesAtLeastNineAlternatingPairsAndAQuickRunItsOwnRounds() {
        #expect(LintBenchmark(ponyLint: "pony-lint", swiftFormat: nil, rounds: 5).alternatingRounds == 9)
        #expect(LintBenchmark(ponyLint: "pony-lint", swiftFormat: nil, rounds: 12).alternatingRounds == 12)
        #expect(LintBenchmark(ponyLint: "pony-lint", swiftFormat: nil, rounds: 1).alternatingRounds == 1)
    }

    @Test func aRatioAboveOneMeansOursCostsMoreForTimesAndForRates() {
        let slowerTime = Comparison(group: "g", measure: "m", baseline: .time("a", Timing(seconds: [1])),
                                    ours: .time("b", Timing(seconds: [2])), goal: nil)
        let lowerRate = Comparison(group: "g", measure: "m",
                                   baseline: Quantity(label: "a", unit: .perSecond, value: 200, best: nil),
                                   ours: Quantity(label: "b", unit: .perSecond, value: 100, best: nil), goal: nil)
        #expect(slowerTime.ratio == 2)
        #expect(lowerRate.ratio == 2)
    }

    @Test func theResultsTableHasMeasureBaselineOursRatioMachineAndDateColumns() {
        let row = Comparison(group: "Lint", measure: "pony-lint vs floor", baseline: .time("floor", Timing(seconds: [1])),
                             ours: .time("pony-lint", Timing(seconds: [1.5])), goal: "≤ 1.3×")
        let document = ResultsDocument(comparisons: [row], command: "Benchmarks/run.sh",
                                       machine: "2 cores, x86_64, Debian", date: "2026-11-25", notes: []).markdown()
        #expect(document.contains("| measure | baseline | ours | ratio | goal | machine | date |"))
        #expect(document.contains("| pony-lint vs floor | floor: 1.00 s | pony-lint: 1.50 s | 1.50× | ≤ 1.3× | 2 cores, x86_64 | 2026-11-25 |"))
    }

    @Test func callgrindTotalsAreReadFromTheTotalsLine() throws {
        let folder = try ScratchFolder()
        let path = "\(folder.path)/callgrind.out"
        try "events: Ir\nfn=main\n0 12\nsummary: 4053932\ntotals: 4053932\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try OutOfProcessBenchmark.totalInstructions(callgrindOutput: path) == 4_053_932)
    }

    @Test func aCallgrindOutputWithoutCountsIsAnErrorNamingTheFile() throws {
        let folder = try ScratchFolder()
        let path = "\(folder.path)/empty.out"
        try "events: Ir\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try OutOfProcessBenchmark.totalInstructions(callgrindOutput: path)
        } throws: { "\($0)".contains(path) }
    }

    @Test func theDenseCorpusIsDeterministicAndEveryFileOpensSessions() throws {
        let first = try ScratchFolder(), second = try ScratchFolder()
        try DenseCorpus(files: 3, bytesPerFile: 4_000).write(to: first.path)
        try DenseCorpus(files: 3, bytesPerFile: 4_000).write(to: second.path)
        let corpus = try SourceCorpus(root: first.path)
        #expect(corpus.files.count == 3)
        for path in corpus.files {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.utf8.count >= 4_000)
            #expect(text.contains("try await db.session {") && text.contains("db.openSession()"))
            let twin = path.replacingOccurrences(of: first.path, with: second.path)
            #expect(try String(contentsOfFile: twin, encoding: .utf8) == text)
        }
    }

    @Test func aMissingCorpusIsAnErrorNamingTheFolder() {
        #expect {
            _ = try SourceCorpus(root: "/nonexistent/corpus")
        } throws: { "\($0)".contains("'/nonexistent/corpus' does not exist") }
    }

    /// A child spawned from a large process would report the parent's peak; peak-rss reports the child's own.
    @Test func peakMemoryIsTheProgramsOwnNotThisProcesss() throws {
        let ballast = UnsafeMutableRawPointer.allocate(byteCount: 256 << 20, alignment: 4096)
        defer { ballast.deallocate() }
        ballast.initializeMemory(as: UInt8.self, repeating: 1, count: 256 << 20)
        let run = try ProcessRun.run(["/bin/true"])
        #expect(run.status == 0)
        #expect(run.maxResident > 0 && run.maxResident < 64 << 20, "peak RSS of /bin/true: \(run.maxResident) bytes")
    }

    @Test func anExitStatusIsPassedThrough() throws {
        #expect(try ProcessRun.run(["/bin/sh", "-c", "exit 3"]).status == 3)
    }
}
