import Foundation
import PonyRules
import Testing

/// Every place that names a rule must name one that exists, and `checked-by` must tell the truth.
@Suite("Rule IDs cited in Sources/")
struct RuleCitationTests {
    /// The source folder of each layer that enforces rules.
    static let layerFolders: [RuleLayer: [String]] = [
        .lint: ["PonyLintKit", "pony-lint"],
        .runtime: ["Pony"],
        .compiler: ["PonyMacros"],
    ]

    static func ids(in text: String) -> Set<String> {
        let pattern = /PONY[0-9]{3}/
        return Set(text.matches(of: pattern).map { String($0.output) })
    }

    /// IDs written as string literals (`"PONY004"`) — how code cites a rule, as opposed to mentioning it in a comment.
    static func citedIDs(in text: String) -> Set<String> {
        let pattern = /"(PONY[0-9]{3})"/
        return Set(text.matches(of: pattern).map { String($0.output.1) })
    }

    @Test func everyIDMentionedInSourcesExistsInRules() {
        let known = Set(RuleCatalog.all.map(\.id.rawValue))
        for file in RepositoryFiles.swiftFiles(under: RepositoryFiles.sources) {
            let unknown = Self.ids(in: file.text).subtracting(known)
            #expect(unknown.isEmpty, "\(file.path) mentions \(unknown.sorted()), which Rules/ does not define")
        }
    }

    @Test func everyRuleIsEnforcedByAtLeastOneLayer() {
        for rule in RuleCatalog.all {
            #expect(!rule.checkedBy.isEmpty, "\(rule.path) is checked by no layer")
        }
    }

    @Test(arguments: RuleLayer.allCases)
    func checkedByListsExactlyTheLayersThatCiteTheRule(layer: RuleLayer) {
        let folders = Self.layerFolders[layer] ?? []
        let cited = folders.flatMap { folder in
            RepositoryFiles.swiftFiles(under: RepositoryFiles.sources.appendingPathComponent(folder))
        }.reduce(into: Set<String>()) { $0.formUnion(Self.citedIDs(in: $1.text)) }
        for rule in RuleCatalog.all {
            let declared = rule.checkedBy.contains(layer)
            let isCited = cited.contains(rule.id.rawValue)
            #expect(declared == isCited, """
                \(rule.path) \(declared ? "lists" : "does not list") '\(layer.rawValue)' in checked-by, \
                but Sources/{\(folders.joined(separator: ","))} \(isCited ? "cites" : "does not cite") "\(rule.id)"
                """)
        }
    }
}
