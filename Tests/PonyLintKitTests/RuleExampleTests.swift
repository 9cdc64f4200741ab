import PonyLintKit
import PonyRules
import Testing

/// The catalog's examples are the linter's specification: every triggering example reports exactly its rule
/// at its markers, and every non-triggering example reports nothing — also when the code sits in a comment,
/// in a string literal, or under a disable directive.
@Suite("Rule examples from Rules/")
struct RuleExampleTests {
    @Test(arguments: RuleCatalog.all.filter { $0.checkedBy.contains(.lint) })
    func triggeringExamplesReportTheirRuleAtEachMarker(rule: Rule) {
        for example in rule.triggeringExamples {
            let expected = example.markers.map { "\(rule.id)@\($0.line):\($0.column)" }
            #expect(positions(lint(example.source)) == expected, "\n\(example.source)")
        }
    }

    @Test(arguments: RuleCatalog.all.filter { $0.checkedBy.contains(.lint) })
    func nonTriggeringExamplesReportNothing(rule: Rule) {
        for example in rule.nonTriggeringExamples {
            #expect(positions(lint(example.source)) == [], "\n\(example.source)")
        }
    }

    @Test(arguments: RuleCatalog.all.filter { $0.checkedBy.contains(.lint) })
    func examplesInsideABlockCommentReportNothing(rule: Rule) {
        for example in rule.triggeringExamples where !example.source.contains("*/") {
            #expect(positions(lint("/*\n\(example.source)*/\n")) == [], "\n\(example.source)")
        }
    }

    @Test(arguments: RuleCatalog.all.filter { $0.checkedBy.contains(.lint) })
    func examplesInsideAStringLiteralReportNothing(rule: Rule) {
        for example in rule.triggeringExamples {
            #expect(positions(lint("let text = #\"\"\"\n\(example.source)\"\"\"#\n")) == [], "\n\(example.source)")
        }
    }

    @Test(arguments: RuleCatalog.all.filter { $0.checkedBy.contains(.lint) })
    func examplesUnderADisableDirectiveReportNothing(rule: Rule) {
        for example in rule.triggeringExamples {
            #expect(positions(lint("// pony-lint:disable \(rule.id)\n\(example.source)")) == [], "\n\(example.source)")
            #expect(positions(lint("// pony-lint:disable \(rule.name)\n\(example.source)")) == [], "\n\(example.source)")
        }
    }

    @Test(arguments: RuleCatalog.all.filter { $0.checkedBy.contains(.lint) })
    func examplesInsideIfFalseReportNothing(rule: Rule) {
        for example in rule.triggeringExamples {
            #expect(positions(lint("#if false\n\(example.source)#endif\n")) == [], "\n\(example.source)")
        }
    }

    @Test(arguments: RuleCatalog.all.filter { $0.checkedBy.contains(.lint) })
    func messagesFillEveryPlaceholder(rule: Rule) {
        for example in rule.triggeringExamples {
            for finding in lint(example.source) {
                for placeholder in rule.messagePlaceholders {
                    #expect(!finding.message.contains("{\(placeholder)}"), "\(finding.message)")
                }
            }
        }
    }
}
