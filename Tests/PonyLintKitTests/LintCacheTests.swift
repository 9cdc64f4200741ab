import Foundation
@testable import PonyLintKit
import Testing

/// The result cache never changes a result: a warm run reports exactly what a run without the cache reports,
/// whatever changed in between, while reading only changed files and parsing only changed content.
@Suite("Lint cache")
struct LintCacheTests {

    /// A project folder and a cache folder of its own, removed afterwards.
    final class Project: @unchecked Sendable {
        let root: URL
        let cache: LintCache
        /// Files are dated this far in the past, so their stamps count as settled (``FileStamp/isSettled(at:)``).
        private var age: TimeInterval = 3_600

        init(_ files: [String: String]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("pony-lint-cache-\(UUID().uuidString)")
            cache = LintCache(directory: root.appendingPathComponent(".cache").path)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            for (name, text) in files { try write(name, text) }
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        /// Writes a file and dates it in the past — a little later than the previous write, as an edit would be.
        func write(_ name: String, _ text: String) throws {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            age -= 1
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: url.path)
        }

        func remove(_ name: String) throws {
            try FileManager.default.removeItem(at: root.appendingPathComponent(name))
        }

        func lint(cached: Bool = true, jobs: Int = 2) -> LintReport {
            Linter(configuration: LintConfiguration(), jobs: jobs, cache: cached ? cache : nil).lint(paths: [root.path])
        }
    }

    /// A lint with editor buffers in place of some files (`overlays` by name), as the language server runs it.
    func lintWithOverlays(_ project: Project, _ overlays: [String: String]) -> LintReport {
        let texts = Dictionary(uniqueKeysWithValues: overlays.map { (project.root.appendingPathComponent($0.key).path, $0.value) })
        return Linter(configuration: LintConfiguration(), jobs: 2, cache: project.cache).lint(paths: [project.root.path], overlays: texts)
    }

    /// What a user sees of a report: the text output and the per-file errors.
    static func output(_ report: LintReport) -> String {
        OutputFormat.text.render(report.findings, colors: false) + report.errors.map(\.description).joined(separator: "\n")
    }

    @Test func aWarmRunWithNothingChangedParsesNothingAndReportsTheSame() throws {
        let project = try Project(["Helpers.swift": SessionSamples.helper, "Handler.swift": SessionSamples.handler, "Other.swift": "let x = 1\n"])
        let cold = project.lint()
        #expect(cold.filesParsed == 2)
        let warm = project.lint()
        #expect(warm.filesParsed == 0)
        #expect(Self.output(warm) == Self.output(cold))
        #expect(warm.findings.map(\.rule) == ["PONY003"])
        #expect(warm.filesLinted == 3)
    }

    @Test func anEditedFileIsTheOnlyOneParsedAgain() throws {
        let project = try Project(["A.swift": SessionSamples.misuse, "B.swift": SessionSamples.misuse, "C.swift": SessionSamples.misuse])
        _ = project.lint()
        try project.write("B.swift", "// edited\n" + SessionSamples.misuse)
        let warm = project.lint()
        #expect(warm.filesParsed == 1)
        #expect(Self.output(warm) == Self.output(project.lint(cached: false)))
        #expect(warm.findings.first(where: { $0.file.hasSuffix("B.swift") })?.line == 3)
    }

    @Test func aFileWithANewStampButTheSameContentIsNotParsedAgain() throws {
        let project = try Project(["A.swift": SessionSamples.misuse])
        _ = project.lint()
        try project.write("A.swift", SessionSamples.misuse)
        let warm = project.lint()
        #expect(warm.filesParsed == 0)
        #expect(warm.findings.count == 1)
    }

    @Test func aHelperThatNowOpensASessionMakesItsUnchangedAsyncCallerReport() throws {
        let project = try Project(["Helpers.swift": SessionSamples.quietHelper, "Handler.swift": SessionSamples.handler])
        #expect(project.lint().findings.isEmpty)
        try project.write("Helpers.swift", SessionSamples.helper)
        let warm = project.lint()
        #expect(positions(warm.findings) == ["PONY003@2:9"])
        #expect(warm.findings.first?.file.hasSuffix("Handler.swift") == true)
        #expect(Self.output(warm) == Self.output(project.lint(cached: false)))
    }

    @Test func aHelperThatNoLongerOpensASessionClearsItsCallersFinding() throws {
        let project = try Project(["Helpers.swift": SessionSamples.helper, "Handler.swift": SessionSamples.handler])
        #expect(project.lint().findings.count == 1)
        try project.write("Helpers.swift", SessionSamples.quietHelper)
        #expect(project.lint().findings.isEmpty)
    }

    @Test func anOverlaidTextIsLintedButNeverReachesTheCache() throws {
        let project = try Project(["Helpers.swift": SessionSamples.quietHelper, "Handler.swift": SessionSamples.handler])
        _ = project.lint()
        let edited = lintWithOverlays(project, ["Helpers.swift": SessionSamples.helper])
        #expect(positions(edited.findings) == ["PONY003@2:9"])
        let disk = project.lint()
        #expect(disk.findings.isEmpty)
        #expect(Self.output(disk) == Self.output(project.lint(cached: false)))
    }

    @Test func aRunWithOverlaysWritesNoCacheWhenNothingOnDiskChanged() throws {
        let project = try Project(["Helpers.swift": SessionSamples.helper, "Handler.swift": SessionSamples.handler])
        _ = project.lint()
        let records = project.cache.directory + "/" + (try FileManager.default.contentsOfDirectory(atPath: project.cache.directory)
            .first { $0.hasSuffix(".plist") && !$0.hasSuffix(".checks.plist") } ?? "none")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -600)], ofItemAtPath: records)
        let written = try FileManager.default.attributesOfItem(atPath: records)[.modificationDate] as? Date
        _ = lintWithOverlays(project, ["Handler.swift": SessionSamples.handler + "// typing\n"])
        #expect(try FileManager.default.attributesOfItem(atPath: records)[.modificationDate] as? Date == written)
        // A file changed on disk is learned even in a run with overlays.
        try project.write("Other.swift", SessionSamples.misuse)
        _ = lintWithOverlays(project, ["Handler.swift": SessionSamples.handler + "// typing\n"])
        #expect(try FileManager.default.attributesOfItem(atPath: records)[.modificationDate] as? Date != written)
    }

    @Test func aNewFileAndADeletedFileAreNoticed() throws {
        let project = try Project(["A.swift": SessionSamples.misuse])
        _ = project.lint()
        try project.write("Sub/B.swift", SessionSamples.misuse)
        #expect(project.lint().findings.count == 2)
        try project.remove("A.swift")
        let warm = project.lint()
        #expect(warm.findings.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["B.swift"])
        #expect(warm.filesLinted == 1)
    }

    @Test func aCorruptCacheIsIgnoredAndRewritten() throws {
        let project = try Project(["Helpers.swift": SessionSamples.helper, "Handler.swift": SessionSamples.handler])
        let cold = project.lint()
        for name in try FileManager.default.contentsOfDirectory(atPath: project.cache.directory) {
            try Data("not a cache".utf8).write(to: URL(fileURLWithPath: project.cache.directory + "/" + name))
        }
        let afterCorruption = project.lint()
        #expect(Self.output(afterCorruption) == Self.output(cold))
        #expect(afterCorruption.filesParsed == 2)
        #expect(project.lint().filesParsed == 0)
    }

    @Test func aCacheWhoseChecksWereLostParsesAgain() throws {
        let project = try Project(["Helpers.swift": SessionSamples.helper, "Handler.swift": SessionSamples.handler])
        let cold = project.lint()
        try project.write("Other.swift", "let x = 1\n")
        for name in try FileManager.default.contentsOfDirectory(atPath: project.cache.directory) where name.hasSuffix(".checks.plist") {
            try FileManager.default.removeItem(atPath: project.cache.directory + "/" + name)
        }
        let warm = project.lint()
        #expect(Self.output(warm) == Self.output(cold))
        #expect(warm.filesParsed == 2)
    }

    @Test func aCacheThatCannotBeWrittenIsReportedAndTheFindingsStand() throws {
        let project = try Project(["A.swift": SessionSamples.misuse])
        let blocker = project.root.appendingPathComponent("not-a-folder")
        try Data().write(to: blocker)
        let report = Linter(configuration: LintConfiguration(), cache: LintCache(directory: blocker.path)).lint(paths: [project.root.path])
        #expect(report.findings.count == 1)
        #expect(report.cacheProblem?.hasPrefix("cannot write the lint cache in \(blocker.path): ") == true, "\(report.cacheProblem ?? "")")
    }

    @Test func concurrentRunsSharingACacheLeaveItWhole() throws {
        let project = try Project(Dictionary(uniqueKeysWithValues: (0..<20).map { ("F\($0).swift", SessionSamples.misuse) }))
        let expected = Self.output(project.lint(cached: false))
        // Six runs at once, each finding the cache cold and writing it.
        let outputs = Array(0..<6).parallelMap(jobs: 6) { _ in Self.output(project.lint(jobs: 1)) }
        #expect(outputs.allSatisfy { $0 == expected })
        // Whichever run wrote last, the cache reads back whole and agrees with a run without it.
        let after = project.lint()
        #expect(Self.output(after) == expected)
        #expect(after.filesParsed == 0)
    }

    /// Random edits, additions and deletions; after each, the cached run must print exactly what an uncached
    /// run prints.
    @Test func randomChangesNeverMakeTheCachedRunDisagree() throws {
        let texts = [SessionSamples.helper, SessionSamples.quietHelper, SessionSamples.handler, SessionSamples.misuse, "let x = 1\n",
                     "@Entity final class User {\n    var name = \"\"\n}\n",
                     "func find() throws -> User? {\n    try db.session { try User.select().first() }\n}\n",
                     "func g() async throws {\n    // pony-lint:disable:next PONY003\n    try saveVisit(\"a\")\n}\n"]
        let names = ["A.swift", "B.swift", "Sub/C.swift", "Sub/D.swift", "E.swift"]
        var generator = SeededGenerator(seed: 14)
        let project = try Project([:])
        for round in 0..<40 {
            let name = names.randomElement(using: &generator)!
            let path = project.root.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path), Int.random(in: 0..<4, using: &generator) == 0 {
                try project.remove(name)
            } else {
                try project.write(name, texts.randomElement(using: &generator)!)
            }
            let cached = project.lint()
            let uncached = project.lint(cached: false)
            #expect(Self.output(cached) == Self.output(uncached), "round \(round): \(name)")
        }
    }

    @Test func cacheFilesNoRunWroteForThirtyDaysAreRemoved() throws {
        let project = try Project(["A.swift": SessionSamples.misuse])
        try FileManager.default.createDirectory(atPath: project.cache.directory, withIntermediateDirectories: true)
        let stale = project.cache.directory + "/0123.plist", recent = project.cache.directory + "/4567.plist"
        for file in [stale, recent] { try Data().write(to: URL(fileURLWithPath: file)) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -31 * 24 * 3_600)], ofItemAtPath: stale)
        _ = project.lint()
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: recent))
    }

    @Test func theContentHashIsXXH64() {
        #expect(ContentHash.of("") == 0xEF46_DB37_51D8_E999)
        #expect(ContentHash.of("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(ContentHash.of("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(ContentHash.of("Nobody inspects the spammish repetition") == 0xFBCE_A83C_8A37_8BF1)
        let long = Array((0..<256).map { UInt8($0) }) + Array((0..<256).map { UInt8($0) }) + Array((0..<256).map { UInt8($0) }) + Array("xyz".utf8)
        #expect(ContentHash.of(long) == 0xE921_A1B4_5BD7_79F8)
    }
}

/// A small deterministic generator (SplitMix64), so a failing sequence of changes can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
