/// Writes the Swift source that embeds rule documents in the `PonyRules` module.
///
/// `scripts/generate-rules` writes it to `Sources/PonyRules/RuleCatalog+Generated.swift`, which is checked in so
/// that `PonyRules` builds without a build-tool plugin (a package that uses pony-lint's build plugin builds
/// `PonyRules` twice, for the app and for the tool); `PonyRulesTests` fails while that file differs from what this
/// writer makes of `Rules/`.
///
/// The output is an extension of `RuleCatalog` holding one `Rule(…)` initializer per document. String
/// values are written as Swift string literals via `String.debugDescription`, which escapes quotes,
/// backslashes and control characters.
public enum RuleCatalogSourceWriter {
    public static func source(for documents: [RuleDocument]) -> String {
        var out = """
        // Generated from Rules/*.md by scripts/generate-rules. Do not edit: change the files in Rules/ and run
        // scripts/generate-rules again (PonyRulesTests fails while this file is out of date).

        extension RuleCatalog {
            static let generatedRules: [Rule] = [

        """
        for document in documents {
            out += rule(document)
        }
        out += "    ]\n}\n"
        return out
    }

    private static func rule(_ document: RuleDocument) -> String {
        let front = document.frontMatter
        let layers = front.checkedBy.map { ".\($0)" }.joined(separator: ", ")
        let sections = document.sections.map { section in
            "RuleSection(title: \(literal(section.title)), markdown: \(literal(section.markdown)))"
        }
        return """
                Rule(
                    id: RuleID(rawValue: \(literal(front.id))),
                    name: \(literal(front.name)),
                    severity: .\(front.severity),
                    summary: \(literal(front.summary)),
                    checkedBy: [\(layers)],
                    message: \(literal(front.message)),
                    runtime: \(front.runtime == "none" ? "nil" : literal(front.runtime)),
                    runtimeMessage: \(literal(front.runtimeMessage)),
                    fix: .\(front.fix),
                    fixTitle: \(literal(front.fixTitle)),
                    sections: [
                        \(sections.joined(separator: ",\n                ")),
                    ],
                    triggeringExamples: [\(examples(document.triggeringExamples))],
                    nonTriggeringExamples: [\(examples(document.nonTriggeringExamples))],
                    documentation: \(literal(document.body)),
                    path: \(literal("Rules/" + document.fileName))
                ),

        """
    }

    private static func examples(_ examples: [ExampleDocument]) -> String {
        examples.map { example in
            let markers = example.markers.map {
                "RuleExample.Marker(number: \($0.number), line: \($0.line), column: \($0.column))"
            }
            return "\n                RuleExample(source: \(literal(example.source)), markers: [\(markers.joined(separator: ", "))])"
        }.joined(separator: ",") + (examples.isEmpty ? "" : ",\n            ")
    }

    private static func literal(_ string: String) -> String {
        string.debugDescription
    }
}
