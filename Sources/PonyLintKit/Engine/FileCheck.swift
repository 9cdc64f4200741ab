import PonyRules

/// What walking one file produced: its facts, its findings, the findings that wait for every file's facts,
/// and its `pony-lint:` directives (applied once all findings are known). It depends on nothing but the file's
/// text and the configuration, so the cache keeps it (``LintCache``): encoded, it records the positions its
/// deferred findings and directives need instead of the text.
struct FileCheck: Sendable {
    let source: any SourcePositions
    let facts: FileFacts
    let findings: [Finding]
    let deferred: [DeferredFinding]
    let suppressions: Suppressions

    /// The file's findings once every file's facts are known, with its directives applied.
    func findings(resolvedWith facts: ProjectFacts, reportsUnusedSuppressions: Bool) -> [Finding] {
        var suppressions = suppressions
        var findings = suppressions.filter(findings + deferred.compactMap { $0.resolve(with: facts, in: source) })
        for problem in suppressions.problems {
            findings.append(.meta("invalid-suppression", in: source, line: problem.line, column: problem.column, message: problem.message))
        }
        if reportsUnusedSuppressions {
            for directive in suppressions.unused {
                let rules = directive.rules.count == RuleCatalog.all.count ? "all" : directive.rules.sorted().map(\.rawValue).joined(separator: ", ")
                findings.append(.meta(
                    "unused-suppression", in: source, line: directive.line, column: directive.column,
                    message: "this pony-lint directive silences nothing (\(rules)); remove it"))
            }
        }
        return findings
    }
}

extension FileCheck: Codable {
    private enum CodingKeys: String, CodingKey {
        case positions, facts, findings, deferred, suppressions
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(RecordedPositions.self, forKey: .positions)
        facts = try container.decode(FileFacts.self, forKey: .facts)
        findings = try container.decode([Finding].self, forKey: .findings)
        deferred = try container.decode([DeferredFinding].self, forKey: .deferred)
        suppressions = try container.decode(Suppressions.self, forKey: .suppressions)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let directiveLines = suppressions.directives.map(\.line) + suppressions.problems.map(\.line)
        let positions = RecordedPositions(from: source, offsets: deferred.map(\.offset), extraLines: directiveLines)
        try container.encode(positions, forKey: .positions)
        try container.encode(facts, forKey: .facts)
        try container.encode(findings, forKey: .findings)
        try container.encode(deferred, forKey: .deferred)
        try container.encode(suppressions, forKey: .suppressions)
    }
}
