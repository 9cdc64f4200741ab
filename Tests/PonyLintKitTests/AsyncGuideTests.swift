import Foundation
import PonyLintKit
import PonyRules
import Testing

/// `Documentation/AsyncGuide.md` shows each rule's bad and good pattern; its Swift blocks are labelled
/// (` ```swift bad PONY002 PONY003`, ` ```swift good`, plus `wrapped` for the block that uses the guide's
/// `.pony-lint.yml`) and linted here, so the guide cannot drift from the linter.
@Suite("Async guide")
struct AsyncGuideTests {
    struct Block: CustomTestStringConvertible {
        let labels: [String]
        let source: String
        var expectedRules: Set<String> { Set(labels.filter { $0.hasPrefix("PONY") }) }
        var isBad: Bool { labels.contains("bad") }
        var isWrapped: Bool { labels.contains("wrapped") }
        var testDescription: String { (["swift"] + labels).joined(separator: " ") }
    }

    static let guide = (try? String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Documentation/AsyncGuide.md"),
        encoding: .utf8)) ?? ""

    /// Fenced blocks as (info string words, body).
    static func fencedBlocks() -> [(info: [String], body: String)] {
        guide.components(separatedBy: "\n```").enumerated().compactMap { index, chunk in
            guard index % 2 == 1, let newline = chunk.firstIndex(of: "\n") else { return nil }
            return (chunk[..<newline].split(separator: " ").map(String.init), String(chunk[chunk.index(after: newline)...]) + "\n")
        }
    }

    static let swiftBlocks: [Block] = fencedBlocks().filter { $0.info.first == "swift" }
        .map { Block(labels: Array($0.info.dropFirst()), source: $0.body) }

    static func wrappedConfiguration() throws -> LintConfiguration {
        let yaml = try #require(fencedBlocks().first { $0.info == ["yaml"] && $0.body.contains("session_api") })
        return try ConfigurationLoader.parse(yaml.body, path: "AsyncGuide.md", baseDirectory: ".")
    }

    @Test func everySwiftBlockIsLabelledGoodOrBadWithItsRules() {
        #expect(!Self.swiftBlocks.isEmpty)
        for block in Self.swiftBlocks {
            #expect(block.labels.first == "good" || block.labels.first == "bad", "\(block.testDescription)")
            #expect(block.isBad == !block.expectedRules.isEmpty, "\(block.testDescription)")
        }
    }

    @Test func everyLintedRuleHasABadAndAGoodPattern() {
        let shown = Set(Self.swiftBlocks.flatMap(\.expectedRules))
        #expect(shown == Set(RuleCatalog.all.filter { $0.checkedBy.contains(.lint) }.map(\.id.rawValue)))
        #expect(Self.swiftBlocks.filter { !$0.isBad }.count >= shown.count)
    }

    @Test(arguments: swiftBlocks)
    func eachBlockReportsExactlyItsLabelledRules(block: Block) throws {
        let configuration = block.isWrapped ? try Self.wrappedConfiguration() : LintConfiguration()
        let reported = Set(lint(block.source, configuration: configuration).map(\.rule.rawValue))
        #expect(reported == block.expectedRules, "\n\(block.source)")
    }

    @Test func theWrappedBlockIsCleanWithoutTheConfiguration() throws {
        let wrapped = try #require(Self.swiftBlocks.first { $0.isWrapped })
        #expect(lint(wrapped.source).isEmpty)
    }
}
