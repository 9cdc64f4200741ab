import Foundation
import PonyRules
import Testing

@Suite("README")
struct ReadmeRuleTableTests {
    /// The rows of the README's rule table: `| [PONY001](Rules/PONY001.md) | name | … | checked by |`.
    static func rows() throws -> [[String]] {
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        return readme.split(separator: "\n").filter { $0.hasPrefix("| [PONY") }.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    @Test func listsEveryRuleWithItsNameLinkAndLayers() throws {
        let rows = try Self.rows()
        #expect(rows.count == RuleCatalog.all.count)
        for (row, rule) in zip(rows, RuleCatalog.all) {
            #expect(row[0] == "[\(rule.id)](\(rule.path))")
            #expect(row[1] == rule.name)
            #expect(row[3] == rule.checkedBy.map(\.rawValue).joined(separator: ", "))
        }
    }

    @Test func startsWithTheTwoCommands() throws {
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        let firstBlock = readme.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first ?? ""
        #expect(firstBlock.hasPrefix("swift run pony-lint Examples/Misuse"))
        #expect(firstBlock.contains("\nscripts/test"))
        #expect(FileManager.default.isExecutableFile(atPath: RepositoryFiles.root.appendingPathComponent("scripts/test").path))
    }
}
