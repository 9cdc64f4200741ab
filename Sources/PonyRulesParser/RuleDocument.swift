/// One rule file from `Rules/`, parsed and validated but not yet turned into Swift.
///
/// The build-time generator turns these into `PonyRules.Rule` values; tests re-parse `Rules/` with the same
/// parser to prove the compiled catalog matches the files.
public struct RuleDocument: Equatable, Sendable {
    /// The file name the document was read from, e.g. `PONY003.md`.
    public var fileName: String
    public var frontMatter: RuleFrontMatter
    /// The body sections, in file order, keyed by their `## ` heading.
    public var sections: [RuleDocumentSection]
    /// The Markdown after the front matter, exactly as written.
    public var body: String

    /// The Swift code blocks of the **Example** section: code that triggers the rule.
    public var triggeringExamples: [ExampleDocument] { examples(in: RuleDocumentSection.example) }
    /// The Swift code blocks of the **Use instead** section: code that must not trigger the rule.
    public var nonTriggeringExamples: [ExampleDocument] { examples(in: RuleDocumentSection.useInstead) }

    /// The text of the section with the given heading, if present.
    public func section(_ title: String) -> RuleDocumentSection? {
        sections.first { $0.title == title }
    }

    private func examples(in title: String) -> [ExampleDocument] {
        section(title)?.swiftCodeBlocks.map(ExampleDocument.init(markedSource:)) ?? []
    }
}

/// One `## Heading` section of a rule document.
public struct RuleDocumentSection: Equatable, Sendable {
    public static let whatItDoes = "What it does"
    public static let whyIsThisBad = "Why is this bad?"
    public static let example = "Example"
    public static let useInstead = "Use instead"
    public static let runtimeCheck = "Runtime check"
    public static let knownProblems = "Known problems"
    public static let suppression = "Suppression"

    /// Every section a rule file must have, in the order it must have them.
    public static let required = [
        whatItDoes, whyIsThisBad, example, useInstead, runtimeCheck, knownProblems, suppression,
    ]

    public var title: String
    /// 1-based line of the heading in the file.
    public var line: Int
    /// The Markdown between this heading and the next, trimmed.
    public var markdown: String
    /// The contents of the section's fenced ```swift blocks.
    public var swiftCodeBlocks: [String]
}
