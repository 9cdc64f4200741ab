import PonyRules
import SwiftSyntax

/// A finding that depends on what other files declare — which functions open sessions, which classes are
/// entities — recorded while a file is walked and decided once every file's facts are known. This lets
/// pony-lint parse and walk each file once: the walk does not have to wait for the facts of the others.
///
/// Most of them come to nothing (any call in async code might reach a session), so the location is worked
/// out only for those that become findings.
struct DeferredFinding: Sendable {
    let rule: RuleID
    let severity: Severity
    let file: SourceFile
    let position: AbsolutePosition
    /// The message's values, or nil when the facts show there is nothing to report.
    let decide: @Sendable (ProjectFacts) -> [String: String]?

    func resolve(with facts: ProjectFacts) -> Finding? {
        guard let values = decide(facts) else { return nil }
        let definition = RuleCatalog[id: rule]
        let location = file.location(of: position)
        return Finding(
            rule: rule, name: definition.name, severity: severity, file: file.path, line: location.line,
            column: location.column, message: definition.message(values), sourceLine: file.line(location.line), fix: nil)
    }
}

/// What walking one file produced: its facts, its findings, the findings that wait for every file's facts,
/// and its `pony-lint:` directives (applied once all findings are known).
struct FileCheck: Sendable {
    let file: SourceFile
    let facts: FileFacts
    let findings: [Finding]
    let deferred: [DeferredFinding]
    let suppressions: Suppressions

    /// The file's findings once every file's facts are known, with its directives applied.
    func findings(resolvedWith facts: ProjectFacts, reportsUnusedSuppressions: Bool) -> [Finding] {
        var suppressions = suppressions
        var findings = suppressions.filter(findings + deferred.compactMap { $0.resolve(with: facts) })
        for problem in suppressions.problems {
            findings.append(.meta("invalid-suppression", file: file, line: problem.line, column: problem.column, message: problem.message))
        }
        if reportsUnusedSuppressions {
            for directive in suppressions.unused {
                let rules = directive.rules.count == RuleCatalog.all.count ? "all" : directive.rules.sorted().map(\.rawValue).joined(separator: ", ")
                findings.append(.meta(
                    "unused-suppression", file: file, line: directive.line, column: directive.column,
                    message: "this pony-lint directive silences nothing (\(rules)); remove it"))
            }
        }
        return findings
    }
}
