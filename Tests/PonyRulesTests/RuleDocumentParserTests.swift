import PonyRulesParser
import Testing

@Suite("Parsing a rule file")
struct RuleDocumentParserTests {
    static let frontMatter = """
        ---
        id: PONY009
        name: example-rule
        severity: warning
        summary: "An example."
        checked-by: [lint]
        message: "something about {thing}"
        runtime: none
        runtime-message: "something happened"
        fix: none
        fix-title: "Do the other thing"
        ---
        """

    static let body = """

        ## What it does

        Reports things.

        ## Why is this bad?

        Because.

        ## Example

        ```swift
        let x = 1️⃣bad()
        ```

        ## Use instead

        ```swift
        let x = good()
        ```

        ## Runtime check

        None.

        ## Known problems

        None.

        ## Suppression

        None.
        """

    static func parse(_ text: String) throws -> RuleDocument {
        try RuleDocumentParser.parse(text, fileName: "PONY009.md")
    }

    static func error(for text: String) -> RuleDocumentError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? RuleDocumentError
        }
    }

    @Test func readsTheFrontMatter() throws {
        let document = try Self.parse(Self.frontMatter + Self.body)
        #expect(document.frontMatter == RuleFrontMatter(
            id: "PONY009", name: "example-rule", severity: "warning", summary: "An example.",
            checkedBy: ["lint"], message: "something about {thing}", runtime: "none", runtimeMessage: "something happened", fix: "none",
            fixTitle: "Do the other thing"))
    }

    @Test func splitsTheBodyIntoSectionsWithTheirLines() throws {
        let document = try Self.parse(Self.frontMatter + Self.body)
        #expect(document.sections.map(\.title) == RuleDocumentSection.required)
        #expect(document.section("What it does")?.markdown == "Reports things.")
        #expect(document.section("What it does")?.line == 13)
    }

    @Test func takesExamplesFromTheExampleAndUseInsteadSections() throws {
        let document = try Self.parse(Self.frontMatter + Self.body)
        #expect(document.triggeringExamples == [
            ExampleDocument(source: "let x = bad()\n", markers: [ExampleMarker(number: 1, line: 1, column: 9)]),
        ])
        #expect(document.nonTriggeringExamples.map(\.source) == ["let x = good()\n"])
    }

    @Test func countsMarkerColumnsInUTF8Bytes() {
        let example = ExampleDocument(markedSource: "let é = 1\nlet s = \"ü\" + 1️⃣f() + 2️⃣g()\n")
        #expect(example.source == "let é = 1\nlet s = \"ü\" + f() + g()\n")
        #expect(example.markers == [
            ExampleMarker(number: 1, line: 2, column: 16),
            ExampleMarker(number: 2, line: 2, column: 22),
        ])
    }

    @Test func ignoresHeadingsInsideCodeBlocks() throws {
        let text = Self.frontMatter + Self.body.replacingOccurrences(
            of: "let x = good()", with: "let x = good()\n## not a heading")
        let document = try Self.parse(text)
        #expect(document.sections.count == 7)
        #expect(document.nonTriggeringExamples.map(\.source) == ["let x = good()\n## not a heading\n"])
    }

    @Test func rejectsAFileWithoutFrontMatter() {
        #expect(Self.error(for: Self.body)?.description == "PONY009.md:1: error: expected '---' opening the YAML front matter")
    }

    @Test func rejectsUnclosedFrontMatter() {
        #expect(Self.error(for: "---\nid: PONY009\n")?.message.contains("never closed") == true)
    }

    @Test func rejectsAMissingFrontMatterKey() {
        let text = Self.frontMatter.replacingOccurrences(of: "severity: warning\n", with: "") + Self.body
        #expect(Self.error(for: text)?.message == "front matter: missing key 'severity'")
    }

    @Test func rejectsAnUnknownFrontMatterKeyWithItsLine() {
        let text = Self.frontMatter.replacingOccurrences(of: "fix: none\n", with: "fix: none\nfixed: yes\n") + Self.body
        let error = Self.error(for: text)
        #expect(error?.line == 11)
        #expect(error?.message.hasPrefix("unknown front matter key 'fixed'") == true)
    }

    @Test(arguments: [
        ("id: PONY009", "id: PONY9", "id 'PONY9' must look like PONY001"),
        ("id: PONY009", "id: PONY010", "id 'PONY010' does not match the file name; rename the file to PONY010.md"),
        ("name: example-rule", "name: Example Rule", "name 'Example Rule' must be lowercase words joined by '-'"),
        ("severity: warning", "severity: fatal", "severity 'fatal' is not one of: error, warning"),
        ("checked-by: [lint]", "checked-by: [linter]", "checked-by 'linter' is not one of: lint, runtime, compiler"),
        ("checked-by: [lint]", "checked-by: [lint, lint]", "checked-by lists a layer twice: [\"lint\", \"lint\"]"),
        ("fix: none", "fix: maybe", "fix 'maybe' is not one of: none, sometimes, always"),
        ("summary: \"An example.\"", "summary: \"\"", "'summary' must not be empty"),
    ])
    func rejectsInvalidFrontMatterValues(original: String, replacement: String, message: String) {
        let text = Self.frontMatter.replacingOccurrences(of: original, with: replacement) + Self.body
        #expect(Self.error(for: text)?.message == message)
    }

    @Test func rejectsAMissingSection() {
        let text = Self.frontMatter + Self.body.replacingOccurrences(of: "## Known problems\n\nNone.\n\n", with: "")
        #expect(Self.error(for: text)?.message == "missing section '## Known problems'")
    }

    @Test func rejectsAnUnknownSectionWithItsLine() {
        let text = Self.frontMatter + Self.body.replacingOccurrences(of: "## Why is this bad?", with: "## Why")
        let error = Self.error(for: text)
        #expect(error?.line == 17)
        #expect(error?.message.hasPrefix("unknown section '## Why'") == true)
    }

    @Test func rejectsSectionsOutOfOrder() {
        let text = Self.frontMatter + Self.body
            .replacingOccurrences(of: "## Runtime check", with: "## TEMP")
            .replacingOccurrences(of: "## Known problems", with: "## Runtime check")
            .replacingOccurrences(of: "## TEMP", with: "## Known problems")
        #expect(Self.error(for: text)?.message.hasPrefix("sections must appear in this order") == true)
    }

    @Test func rejectsAnExampleWithoutAMarker() {
        let text = Self.frontMatter + Self.body.replacingOccurrences(of: "1️⃣", with: "")
        #expect(Self.error(for: text)?.message.hasPrefix("every '## Example' block must mark") == true)
    }

    @Test func rejectsAMarkerInUseInstead() {
        let text = Self.frontMatter + Self.body.replacingOccurrences(of: "let x = good()", with: "let x = 1️⃣good()")
        #expect(Self.error(for: text)?.message.hasPrefix("'## Use instead' shows code that must not trigger") == true)
    }

    @Test func rejectsTextBeforeTheFirstSection() {
        let text = Self.frontMatter + "\nIntro paragraph.\n" + Self.body
        #expect(Self.error(for: text)?.message.hasPrefix("text before the first '## ' heading") == true)
    }
}
