import Foundation
@testable import PonyLintKit
import Testing

/// git is on the machine; under CI it must be (the suite then runs and fails without it).
private let gitIsAvailable = ProcessInfo.processInfo.environment["CI"] == "true"
    || ["/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git"].contains { FileManager.default.isExecutableFile(atPath: $0) }

/// `--changed-since REF`: only the files changed since a git revision are reported, plus the unchanged files
/// whose findings a change decides.
@Suite("Changed since a git revision", .enabled(if: gitIsAvailable, "needs git"))
struct ChangedSinceTests {

    /// A git repository with one commit of `files`, removed afterwards.
    final class Repository {
        let root: URL

        init(_ files: [String: String]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("pony-lint-git-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            for (name, text) in files { try write(name, text) }
            try git("init", "-q")
            try git("add", "-A")
            try git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "start")
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: root.appendingPathComponent(name))
        }

        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", root.path] + arguments
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }

        func lint(since revision: String = "HEAD") throws -> LintReport {
            let changes = try ChangeSet.since(revision, in: root.path)
            return Linter(configuration: LintConfiguration(), jobs: 2).lint(paths: [root.path], reportingChanges: changes)
        }
    }

    static func names(_ findings: [Finding]) -> [String] {
        findings.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.rule)" }
    }

    @Test func nothingChangedReportsNothing() throws {
        let repository = try Repository(["Other.swift": SessionSamples.misuse])
        let report = try repository.lint()
        #expect(report.findings.isEmpty)
        #expect(report.filesLinted == 0)
    }

    @Test func aChangedFileIsReportedAndAnUnchangedOneIsNot() throws {
        let repository = try Repository(["A.swift": SessionSamples.misuse, "B.swift": SessionSamples.misuse])
        try repository.write("A.swift", "// edited\n" + SessionSamples.misuse)
        #expect(Self.names(try repository.lint().findings) == ["A.swift:PONY003"])
    }

    @Test func anUnchangedCallerOfAChangedHelperIsReported() throws {
        let repository = try Repository(["Helpers.swift": SessionSamples.quietHelper, "Handler.swift": SessionSamples.handler, "Other.swift": SessionSamples.misuse])
        try repository.write("Helpers.swift", SessionSamples.helper)
        let report = try repository.lint()
        #expect(Self.names(report.findings) == ["Handler.swift:PONY003"])
        #expect(report.filesLinted == 2)
    }

    @Test func aCallerReachedThroughAnUnchangedSynchronousFunctionIsReported() throws {
        let repository = try Repository([
            "Helpers.swift": SessionSamples.quietHelper,
            "Middle.swift": "func record(_ path: String) throws {\n    try saveVisit(path)\n}\n",
            "Handler.swift": "func handle(_ path: String) async throws {\n    try record(path)\n}\n",
        ])
        try repository.write("Helpers.swift", SessionSamples.helper)
        #expect(Self.names(try repository.lint().findings) == ["Handler.swift:PONY003"])
    }

    @Test func aHelperThatStoppedOpeningASessionLeavesItsCallerClean() throws {
        let repository = try Repository(["Helpers.swift": SessionSamples.helper, "Handler.swift": SessionSamples.handler])
        #expect(Linter(configuration: LintConfiguration()).lint(paths: [repository.root.path]).findings.count == 1)
        try repository.write("Helpers.swift", SessionSamples.quietHelper)
        let report = try repository.lint()
        #expect(report.findings.isEmpty)
        #expect(report.filesLinted == 1, "the helper; its caller can no longer have a finding, so it is not even parsed")
    }

    @Test func anUntrackedFileIsReported() throws {
        let repository = try Repository(["A.swift": SessionSamples.misuse])
        try repository.write("New.swift", SessionSamples.misuse)
        #expect(Self.names(try repository.lint().findings) == ["New.swift:PONY003"])
    }

    @Test func anUnknownRevisionIsAnErrorNamingIt() throws {
        let repository = try Repository(["A.swift": SessionSamples.misuse])
        #expect(throws: LintError.input(path: ChangeSet.canonical(repository.root.path), message: "--changed-since 'no-such-branch' is not a revision of this git repository")) {
            try repository.lint(since: "no-such-branch")
        }
    }
}
