import Foundation
import PonyRulesParser
import Testing

/// `Sources/PonyRules/RuleCatalog+Generated.swift` is checked in; these tests keep it what `scripts/generate-rules`
/// makes of `Rules/`, so the catalog compiled into pony-lint and the ORM never drifts from the rule files.
@Suite("The checked-in generated catalog")
struct GeneratedCatalogTests {
    static let generatedFile = RepositoryFiles.sources.appendingPathComponent("PonyRules/RuleCatalog+Generated.swift")

    @Test func isWhatTheGeneratorMakesOfTheRuleFiles() throws {
        let expected = RuleCatalogSourceWriter.source(for: try RuleDirectoryLoader.load(RepositoryFiles.rules))
        let checkedIn = try String(contentsOf: Self.generatedFile, encoding: .utf8)
        let firstDifference = zip(expected.split(separator: "\n", omittingEmptySubsequences: false),
                                  checkedIn.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }.map { $0.offset + 1 }
        #expect(checkedIn == expected, """
            Sources/PonyRules/RuleCatalog+Generated.swift is out of date with Rules/ \
            (first difference at line \(firstDifference.map(String.init) ?? "the end")): run scripts/generate-rules
            """)
    }

    @Test func saysWhereItComesFromAndHowToRegenerateIt() throws {
        let checkedIn = try String(contentsOf: Self.generatedFile, encoding: .utf8)
        #expect(checkedIn.hasPrefix("// Generated from Rules/*.md by scripts/generate-rules. Do not edit"))
    }
}
