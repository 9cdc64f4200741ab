import Foundation
import Testing

/// git is on the machine; under CI it must be (the suite then runs and fails without it).
private let gitIsAvailable = ProcessInfo.processInfo.environment["CI"] == "true"
    || ["/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git"].contains { FileManager.default.isExecutableFile(atPath: $0) }

/// `pony-lint --changed-since REF` as a user runs it in a repository.
@Suite("pony-lint --changed-since", .enabled(if: PonyLintCLI.isAvailable && gitIsAvailable, "needs the pony-lint executable and git"))
struct ChangedSinceCommandTests {
    /// A committed repository with a helper, its async caller and an unrelated file with a finding.
    static func repository() throws -> URL {
        let directory = try PonyLintCLI.temporaryDirectory()
        let files = [
            "Helpers.swift": "func saveVisit(_ path: String) throws {\n    print(path)\n}\n",
            "Handler.swift": "func handle(_ path: String) async throws {\n    try saveVisit(path)\n}\n",
            "Other.swift": "func other() async throws {\n    try db.session { }\n}\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        for arguments in [["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "start"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", directory.path] + arguments
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0)
        }
        return directory
    }

    @Test func onlyTheChangedHelperAndItsCallerAreReported() throws {
        let directory = try Self.repository()
        try Data("func saveVisit(_ path: String) throws {\n    try db.session { print(path) }\n}\n".utf8)
            .write(to: directory.appendingPathComponent("Helpers.swift"))
        let result = try PonyLintCLI.run(["--changed-since", "HEAD", "."], in: directory)
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("Handler.swift:2:9: warning: synchronous session entered in async code: call to 'saveVisit(_:)'"), "\(result.output)")
        #expect(!result.output.contains("Other.swift"))
        #expect(result.error == "pony-lint: 1 finding (0 errors, 1 warning) in 2 files\n")
    }

    @Test func anUnknownRevisionIsAUsageErrorNamingIt() throws {
        let directory = try Self.repository()
        let result = try PonyLintCLI.run(["--changed-since", "no-such-branch", "."], in: directory)
        #expect(result.status == 2)
        #expect(result.error.contains("--changed-since 'no-such-branch' is not a revision of this git repository"), "\(result.error)")
    }
}
