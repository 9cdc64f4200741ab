import Testing
import PonyLintKit
import PonyRules

/// Lints in-memory files with the default configuration (or the given one).
func lint(
    _ files: [(path: String, text: String)], configuration: LintConfiguration = LintConfiguration(),
    prefilter: Bool = true, unusedSuppressions: Bool = false
) -> LintReport {
    Linter(configuration: configuration, jobs: 2, usesPrefilter: prefilter, reportsUnusedSuppressions: unusedSuppressions)
        .lint(sources: files)
}

/// Lints one in-memory file named `Example.swift`.
func lint(_ source: String, configuration: LintConfiguration = LintConfiguration()) -> [Finding] {
    lint([("Example.swift", source)], configuration: configuration).findings
}

/// `PONY003@4:9` for each finding: compact, order-preserving, readable in failure output.
func positions(_ findings: [Finding]) -> [String] {
    findings.map { "\($0.rule)@\($0.line):\($0.column)" }
}

extension Rule: CustomTestStringConvertible {
    public var testDescription: String { "\(id) \(name)" }
}
