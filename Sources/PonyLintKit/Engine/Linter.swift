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
/// Each file that can matter — one that spells the session API, `@Entity` or a `pony-lint:` directive, then,
/// round by round, one that calls a function found to open a session — is parsed once and walked: the walk
/// collects its facts (entity types, synchronous functions that open sessions and what they call) and lets
/// every rule report. Findings that depend on other files' facts (is this callee a session opener? is this
/// type an entity?) are recorded and decided once all files are read; then `pony-lint:` directives apply.
/// Files are processed in parallel and their trees released as soon as they are walked; findings are
/// sorted by file, line, column and rule.
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

    /// Lints files given as bytes, as read from disk: each is decoded as ``lint(paths:)`` decodes a file, and one
    /// that is not UTF-8 text is reported in ``LintReport/errors`` while the rest is linted.
    public func lint(files: [(path: String, data: Data)]) -> LintReport {
        var sources: [SourceFile] = []
        var errors: [LintError] = []
        for file in files {
            do {
                sources.append(try Self.decode(file.data, path: file.path))
            } catch {
                errors.append(error)
            }
        }
        var report = lint(sources)
        report.errors = errors + report.errors
        return report
    }

    /// Lints in-memory sources: `(path, text)` pairs.
    public func lint(sources: [(path: String, text: String)]) -> LintReport {
        lint(sources.map { SourceFile(path: $0.path, text: $0.text) })
    }

    private func lint(_ files: [SourceFile]) -> LintReport {
        let api = configuration.sessionAPI
        let configuration = configuration
        // Directives are checked too (unused or invalid ones are findings), so they pass the prefilter.
        let words = api.prefilterWords + ["pony-lint:"]
        var pending = usesPrefilter ? files.filter { $0.mentions(words) } : files
        var remaining = usesPrefilter ? files.filter { !$0.mentions(words) } : []
        var checks: [FileCheck] = []
        // A file swift-syntax cannot parse in reasonable time is an error, not a hang.
        var unparsable: [LintError] = []
        var facts: ProjectFacts
        while true {
            for outcome in pending.parallelMap(jobs: jobs, { Self.checkIfParsable($0, configuration: configuration) }) {
                switch outcome {
                case .success(let check): checks.append(check)
                case .failure(let problem): unparsable.append(problem)
                }
            }
            // Files that call a function found to open a session are next, until no new one appears.
            facts = ProjectFacts(checks.map(\.facts))
            let names = facts.sessionOpeningNames
            pending = remaining.filter { $0.mentions(names) }
            guard !pending.isEmpty else { break }
            remaining = remaining.filter { !$0.mentions(names) }
        }
        let reportsUnused = reportsUnusedSuppressions
        let findings = checks.map { $0.findings(resolvedWith: facts, reportsUnusedSuppressions: reportsUnused) }
        return LintReport(
            findings: findings.flatMap { $0 }.sorted(by: Finding.areInOrder), errors: unparsable,
            filesLinted: files.count - unparsable.count, filesParsed: files.filter(\.isParsed).count)
    }

    /// The file's check, or why it is not parsed. Only files that are parsed are measured, so a deeply nested file
    /// that cannot contain a finding costs nothing.
    private static func checkIfParsable(_ file: SourceFile, configuration: LintConfiguration) -> Result<FileCheck, LintError> {
        if let problem = SquareBracketNesting.problem(in: file) { return .failure(problem) }
        let check = check(file, configuration: configuration)
        file.releaseTree()
        return .success(check)
    }

    /// The one walk of a file: its facts, and every finding — final, or waiting for the other files' facts.
    private static func check(_ file: SourceFile, configuration: LintConfiguration) -> FileCheck {
        let inactiveCode = InactiveCode(definedConditions: configuration.definedConditions)
        let collector = FactCollector(api: configuration.sessionAPI, inactiveCode: inactiveCode)
        collector.walk(file.tree)
        let index = AsyncClosureIndex(inactiveCode: inactiveCode)
        index.walk(file.tree)
        let context = LintContext(file: file, configuration: configuration, asyncClosures: index.asyncClosures)
        SessionWalker(context: context, rules: LintRules.makeAll(), inactiveCode: inactiveCode).walk(file.tree)
        return FileCheck(
            source: file, facts: collector.facts, findings: context.findings, deferred: context.deferred,
            suppressions: Suppressions(file: file))
    }

    private static func read(_ path: String) throws -> SourceFile {
        try decode(FileReading.data(at: path), path: path)
    }

    private static func decode(_ data: Data, path: String) throws(LintError) -> SourceFile {
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
    static func meta(_ kind: String, in source: some SourcePositions, line: Int, column: Int, message: String) -> Finding {
        Finding(
            rule: RuleID(rawValue: kind), name: kind, severity: .warning, file: source.path, line: line, column: column,
            message: message, sourceLine: source.line(line), fix: nil)
    }
}
