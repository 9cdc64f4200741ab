import Foundation
import PonyRules

/// The lint engine: finds session misuse in Swift source.
///
/// ```swift
/// let linter = Linter(configuration: LintConfiguration())
/// let report = linter.lint(paths: ["Sources"])
/// for finding in report.findings {
///     print("\(finding.file):\(finding.line): \(finding.message) [\(finding.rule)]")
/// }
/// ```
///
/// Two passes over the whole input. Pass 1 parses the files that can matter — those that spell the session
/// API or `@Entity`, then, until nothing changes, those that call a function found to open a session — and
/// collects the entity types and every synchronous function that opens a session, directly or through calls,
/// across files. Pass 2 walks those files once each and lets every rule report. Files are processed in
/// parallel; findings are sorted by file, line, column and rule.
public struct Linter: Sendable {
    public let configuration: LintConfiguration
    /// How many files are processed at once.
    public let jobs: Int
    /// Skip files that cannot contain a finding without parsing them. Never changes the result.
    public let usesPrefilter: Bool
    /// Also report `pony-lint:` directives that silenced nothing.
    public let reportsUnusedSuppressions: Bool

    public init(
        configuration: LintConfiguration, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        usesPrefilter: Bool = true, reportsUnusedSuppressions: Bool = false
    ) {
        self.configuration = configuration
        self.jobs = max(1, jobs)
        self.usesPrefilter = usesPrefilter
        self.reportsUnusedSuppressions = reportsUnusedSuppressions
    }

    /// Lints files and directories. Missing paths and unreadable files are reported in ``LintReport/errors``
    /// while the rest is linted.
    public func lint(paths: [String]) -> LintReport {
        let (paths, missing) = SourceCollector(filter: PathFilter(configuration: configuration)).collect(paths)
        let loaded = paths.parallelMap(jobs: jobs) { path in Result { try Self.read(path) } }
        var files: [SourceFile] = []
        var errors = missing
        for result in loaded {
            switch result {
            case .success(let file): files.append(file)
            case .failure(let error): errors.append(error as? LintError ?? .input(path: "?", message: "\(error)"))
            }
        }
        var report = lint(files)
        report.errors = errors + report.errors
        return report
    }

    /// Lints in-memory sources: `(path, text)` pairs.
    public func lint(sources: [(path: String, text: String)]) -> LintReport {
        lint(sources.map { SourceFile(path: $0.path, text: $0.text) })
    }

    private func lint(_ files: [SourceFile]) -> LintReport {
        let facts = collectFacts(files)
        // Directives are checked too (unused or invalid ones are findings), so they pass the prefilter.
        let words = configuration.sessionAPI.prefilterWords + facts.sessionOpeningNames + ["pony-lint:"]
        let checked = usesPrefilter ? files.filter { $0.mentions(words) } : files
        let configuration = configuration
        let reportsUnused = reportsUnusedSuppressions
        let findings = checked.parallelMap(jobs: jobs) { file in
            let findings = Self.check(file, facts: facts, configuration: configuration, reportsUnusedSuppressions: reportsUnused)
            file.releaseTree()
            return findings
        }
        return LintReport(
            findings: findings.flatMap { $0 }.sorted(by: Finding.areInOrder), errors: [],
            filesLinted: files.count, filesParsed: files.filter(\.isParsed).count)
    }

    /// How much source (UTF-8 bytes) may keep its syntax tree from pass 1 to pass 2; the rest is parsed
    /// again in pass 2. A tree takes about 85 times its source in memory: keeping every tree of a 43 MB
    /// session-dense corpus took 3.6 GB and was slower (page faults) than parsing twice (200 MB).
    static let retainedSourceBudget = 4 << 20

    /// Pass 1: facts from every file that can matter, growing the set while new session-opening helpers appear.
    private func collectFacts(_ files: [SourceFile]) -> ProjectFacts {
        let api = configuration.sessionAPI
        var pending = usesPrefilter ? files.filter { $0.mentions(api.prefilterWords) } : files
        var remaining = usesPrefilter ? files.filter { !$0.mentions(api.prefilterWords) } : []
        var collected: [FileFacts] = []
        var retainedBytes = 0
        while true {
            for file in pending where retainedBytes + file.text.utf8.count <= Self.retainedSourceBudget {
                file.keepsTreeForPass2 = true
                retainedBytes += file.text.utf8.count
            }
            collected += pending.parallelMap(jobs: jobs) { file in
                let collector = FactCollector(api: api)
                collector.walk(file.tree)
                if !file.keepsTreeForPass2 { file.releaseTree() }
                return collector.facts
            }
            let facts = ProjectFacts(collected)
            let names = facts.sessionOpeningNames
            pending = remaining.filter { $0.mentions(names) }
            guard !pending.isEmpty else { return facts }
            remaining = remaining.filter { !$0.mentions(names) }
        }
    }

    /// Pass 2 over one file.
    private static func check(
        _ file: SourceFile, facts: ProjectFacts, configuration: LintConfiguration, reportsUnusedSuppressions: Bool
    ) -> [Finding] {
        let index = AsyncClosureIndex()
        index.walk(file.tree)
        let context = LintContext(file: file, facts: facts, configuration: configuration, asyncClosures: index.asyncClosures)
        SessionWalker(context: context, rules: LintRules.makeAll()).walk(file.tree)
        var suppressions = Suppressions(file: file)
        var findings = suppressions.filter(context.findings)
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

    private static func read(_ path: String) throws -> SourceFile {
        let data = try FileReading.data(at: path)
        guard let text = String(validatingUTF8: data) else {
            throw LintError.input(path: path, message: "not UTF-8 text; skipped")
        }
        return SourceFile(path: path, text: text)
    }
}

/// The result of a lint run.
public struct LintReport: Sendable {
    public var findings: [Finding]
    /// Paths that could not be linted.
    public var errors: [LintError]
    public var filesLinted: Int
    /// How many files the prefilter let through to the parser.
    public var filesParsed: Int
}

extension String {
    /// Decodes UTF-8 strictly: nil for invalid bytes (instead of replacing them).
    init?(validatingUTF8 data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}

extension Finding {
    /// A finding about the lint directives themselves, not a rule of the catalog.
    static func meta(_ kind: String, file: SourceFile, line: Int, column: Int, message: String) -> Finding {
        Finding(
            rule: RuleID(rawValue: kind), name: kind, severity: .warning, file: file.path, line: line, column: column,
            message: message, sourceLine: file.line(line), fix: nil)
    }
}
