import Foundation
import PonyLintKit
import Testing

@Suite("README snippets for pony-lint")
struct ReadmeSnippetTests {
    static let readme = (try? String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"),
        encoding: .utf8)) ?? ""

    /// The fenced blocks of a language in the README.
    static func blocks(_ language: String) -> [String] {
        readme.components(separatedBy: "```\(language)\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }

    @Test func theConfigurationExampleIsValid() throws {
        let example = try #require(Self.blocks("yaml").first { $0.contains("disabled_rules") })
        let configuration = try ConfigurationLoader.parse(example, path: "README.md", baseDirectory: ".")
        #expect(configuration.disabledRules == ["PONY003"])
        #expect(configuration.severityOverrides == ["PONY006": .error])
        #expect(configuration.sessionAPI.sessionMethods == ["session", "transaction"])
    }

    @Test func theSuppressionExampleSilencesItsFindings() throws {
        let example = try #require(Self.blocks("swift").first { $0.contains("pony-lint:disable:next") })
        // The first two lines are about async code (PONY003), the third about a manual session (PONY006).
        let lines = example.split(separator: "\n").map(String.init)
        let source = "func handle() async throws {\n\(lines[0])\n\(lines[1])\n}\n"
            + "func start() throws {\n\(lines[2])\n    _ = session\n}\n"
            + "func legacyImport() throws { try db.session { } }\n"
        #expect(lint(source).isEmpty)
        #expect(!lint(source.replacingOccurrences(of: "pony-lint:", with: "ponylint:")).isEmpty)
    }
}
