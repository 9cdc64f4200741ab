import Foundation
import PonyRules
import PonyRulesParser
import Testing

@Suite("The compiled catalog")
struct RuleCatalogTests {
    let documents = try! RuleDirectoryLoader.load(RepositoryFiles.rules)

    @Test func holdsExactlyTheRulesInTheRulesDirectory() {
        #expect(RuleCatalog.all.map(\.id.rawValue) == documents.map(\.frontMatter.id))
    }

    @Test func matchesEveryFieldOfTheRuleFiles() throws {
        for document in documents {
            let front = document.frontMatter
            let rule = try #require(RuleCatalog.rule(named: front.id))
            #expect(rule.name == front.name)
            #expect(rule.severity.rawValue == front.severity)
            #expect(rule.summary == front.summary)
            #expect(rule.checkedBy.map(\.rawValue) == front.checkedBy)
            #expect(rule.message == front.message)
            #expect(rule.runtime == (front.runtime == "none" ? nil : front.runtime))
            #expect(rule.runtimeMessage == front.runtimeMessage)
            #expect(rule.fix.rawValue == front.fix)
            #expect(rule.fixTitle == front.fixTitle)
            #expect(rule.sections.map(\.title) == document.sections.map(\.title))
            #expect(rule.sections.map(\.markdown) == document.sections.map(\.markdown))
            #expect(rule.documentation == document.body)
            #expect(rule.path == "Rules/\(document.fileName)")
            #expect(rule.triggeringExamples.map(\.source) == document.triggeringExamples.map(\.source))
            #expect(rule.nonTriggeringExamples.map(\.source) == document.nonTriggeringExamples.map(\.source))
        }
    }

    @Test func hasTheSixRulesWithTheirFixedNames() {
        let names = Dictionary(uniqueKeysWithValues: RuleCatalog.all.map { ($0.id.rawValue, $0.name) })
        #expect(names == [
            "PONY001": "session-on-async-function",
            "PONY002": "await-in-session",
            "PONY003": "blocking-session-in-async-context",
            "PONY004": "entity-escapes-session",
            "PONY005": "task-in-session",
            "PONY006": "unclosed-manual-session",
        ])
    }

    @Test func findsRulesByIDOrNameIgnoringCase() {
        #expect(RuleCatalog.rule(named: "pony003")?.id == "PONY003")
        #expect(RuleCatalog.rule(named: "PONY003")?.id == "PONY003")
        #expect(RuleCatalog.rule(named: "task-in-session")?.id == "PONY005")
        #expect(RuleCatalog.rule(named: "PONY999") == nil)
        #expect(RuleCatalog.rule(named: "") == nil)
    }

    @Test func buildsMessagePrefixesFromIDAndName() {
        let rule = RuleCatalog[id: "PONY006"]
        #expect(rule.diagnosticPrefix == "PONY006 (unclosed-manual-session)")
        #expect(rule.explainHint == "Run 'pony-lint explain PONY006' for details.")
    }

    @Test func fillsMessagePlaceholders() {
        let rule = RuleCatalog[id: "PONY003"]
        #expect(rule.messagePlaceholders == ["form"])
        #expect(rule.message(["form": "`db.openSession()`"]) == "synchronous session entered in async code: `db.openSession()`")
    }

    @Test func insertsAValueAsItIsEvenWhenItSpellsAPlaceholder() {
        let rule = RuleCatalog[id: "PONY002"]
        let message = rule.message(["suspension": "{scope}", "scope": "a `db.session { … }` closure"])
        #expect(message.contains("{scope}"), "\(message)")
        #expect(message.contains("a `db.session { … }` closure"), "\(message)")
    }

    @Test func leavesAPlaceholderWithoutAValueAsWritten() {
        let rule = RuleCatalog[id: "PONY003"]
        #expect(rule.message([:]) == rule.message)
    }

    @Test func givesEveryRuleExamplesOnBothSides() {
        for rule in RuleCatalog.all {
            #expect(!rule.triggeringExamples.isEmpty, "\(rule.id) has no triggering example")
            #expect(rule.triggeringExamples.allSatisfy { !$0.markers.isEmpty }, "\(rule.id) has an unmarked example")
            #expect(!rule.nonTriggeringExamples.isEmpty, "\(rule.id) has no non-triggering example")
        }
    }
}
