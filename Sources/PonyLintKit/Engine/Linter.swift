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
    /// Where ``lint(paths:)`` keeps what it learned about each file, or nil for no cache. Never changes the result.
    public let cache: LintCache?
    /// Whether ``lint(paths:)`` frees what it read — every file's text, facts and findings — before it returns. A
    /// process that exits right after (the `pony-lint` command) turns it off: freeing a large tree's worth of small
    /// objects one by one is work the exit does at once (0.6% of a run on session-dense code, by callgrind), the way
    /// compilers leave their data to the exit (clang's `-disable-free`). A long-lived process (the language server)
    /// keeps it on. Never changes the result.
    public let freesInputs: Bool
    /// Whether the walk steps over expressions whose text shows nothing it acts on (``InertText``). Never changes
    /// the result; turned off only to prove that (``FuzzCheck``).
    var screensInertText = true

    public init(
        configuration: LintConfiguration, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        usesPrefilter: Bool = true, reportsUnusedSuppressions: Bool = false, cache: LintCache? = nil,
        freesInputs: Bool = true
    ) {
        self.configuration = configuration
        self.jobs = max(1, jobs)
        self.usesPrefilter = usesPrefilter
        self.reportsUnusedSuppressions = reportsUnusedSuppressions
        self.cache = cache
        self.freesInputs = freesInputs
    }

    /// Lints files and directories. Missing paths and unreadable files are reported in ``LintReport/errors``
    /// while the rest is linted. With a ``cache``, files whose stamp is unchanged are not read and files whose
    /// content is unchanged are not parsed; a cache that cannot be written is reported in
    /// ``LintReport/cacheProblem``.
    ///
    /// With `changes` (`--changed-since`), every file is still read (from the cache where it can be) so findings
    /// that depend on other files are decided from all of them, but only the changed files and the files whose
    /// findings a change can reach (``ChangeImpact``) are reported and counted.
    ///
    /// `overlays` gives the text of some files instead of what is on disk — an editor's unsaved buffers — keyed
    /// by path as the walk spells it (absolute paths when the targets are). An overlaid file the walk does not
    /// find (a new file, or one outside the targets) is linted too unless the configuration excludes it. What
    /// the cache keeps of an overlaid file is its file on disk's, never the overlay's.
    public func lint(
        paths targets: [String], reportingChanges changes: ChangeSet? = nil, overlays: [String: String] = [:]
    ) -> LintReport {
        let start = FileStamp.now()
        let filter = PathFilter(configuration: configuration)
        let cache = cache
        // Only a cache needs it, and it costs a look at the executable (Foundation's `Bundle.main`: about 11 million
        // instructions, 3 ms).
        let identity = cache == nil ? "" : LintCache.identity(
            configuration: configuration, options: "prefilter \(usesPrefilter) unused \(reportsUnusedSuppressions)", targets: targets)
        let collector = SourceCollector(filter: filter, jobs: jobs)
        // Walking the tree and decoding the cache do not depend on each other, and on a warm run of a large tree
        // they are most of the run: they overlap.
        let (collected, known) = concurrently(jobs > 1, { collector.collect(targets) }, { cache?.load(identity: identity) })
        var (paths, missing) = collected
        let knownNames = Set(known?.sessionOpeningNames ?? [])

        if !overlays.isEmpty {
            let found = Set(paths.map(\.path))
            paths += overlays.keys.filter { !found.contains($0) && filter.includes($0) }.sorted()
                .map { SourceCollector.File(path: $0, stamp: nil) }
            missing.removeAll { if case .input(let path, _) = $0 { overlays[path] != nil } else { false } }
        }
        // Nothing changed since the cache was written: its findings are this run's.
        if changes == nil, overlays.isEmpty, let known, var report = Self.replay(known, files: paths) {
            report.errors = missing + report.errors
            return report
        }
        let inputs = paths.parallelMap(jobs: jobs) { file in
            if let text = overlays[file.path] { return LintInput(SourceFile(path: file.path, text: text)) }
            return LintInput(path: file.path, stamp: file.stamp ?? FileStamp(path: file.path), record: known?.files[file.path], names: knownNames)
        }
        let archive = cache?.checkArchive(for: identity) ?? CheckArchive(path: nil)
        var (report, findingsByInput, checks) = lint(inputs, archive: archive)
        report.errors = missing + report.errors
        // With overlays, a run whose files on disk all matched their records has nothing to add: an editor's
        // keystroke costs no cache write.
        let learnedNothing = !overlays.isEmpty && known != nil && inputs.allSatisfy { $0.known != nil || $0.stamp == nil }
        if let cache, !learnedNothing {
            do {
                try save(
                    inputs, findings: findingsByInput, names: report.sessionOpeningNames, identity: identity, now: start,
                    archive: archive, to: cache)
            } catch {
                if case .input(_, let message) = error { report.cacheProblem = message }
            }
        }
        if let changes {
            let reached = ChangeImpact(changes: changes, configuration: configuration)
                .reachedFiles(checks: checks.map { (inputs[$0.input].path, $0.check) })
            report.restrict(to: reached, paths: paths.map(\.path), keeping: missing)
        }
        if !freesInputs { LeftForExit.keep((inputs, checks, findingsByInput)) }
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
        var report = lint(sources.map(LintInput.init), archive: CheckArchive(path: nil)).report
        report.errors = errors + report.errors
        return report
    }

    /// Lints in-memory sources: `(path, text)` pairs.
    public func lint(sources: [(path: String, text: String)]) -> LintReport {
        lint(sources.map { LintInput(SourceFile(path: $0.path, text: $0.text)) }, archive: CheckArchive(path: nil)).report
    }

    /// The report, each input's findings by its index, and the checks of the parsed inputs.
    private func lint(
        _ inputs: [LintInput], archive: CheckArchive
    ) -> (report: LintReport, findings: [Int: [Finding]], checks: [(input: Int, check: FileCheck)]) {
        let configuration = configuration
        let screensInertText = screensInertText
        let words = prefilterWords
        let all = Array(inputs.indices)
        var pending = usesPrefilter ? all.filter { inputs[$0].mentions(words: words) } : all
        var remaining = usesPrefilter ? all.filter { !inputs[$0].mentions(words: words) } : []
        var checks: [(input: Int, check: FileCheck)] = []
        // A file swift-syntax cannot parse in reasonable time is an error, not a hang.
        var unparsable: [LintError] = []
        var facts: ProjectFacts
        while true {
            let outcomes = pending.parallelMap(jobs: jobs) { index in
                inputs[index].check(archive: archive) {
                    Self.checkIfParsable($0, configuration: configuration, screensInertText: screensInertText)
                }
            }
            for (index, outcome) in zip(pending, outcomes) {
                switch outcome {
                case .success(let check): checks.append((index, check))
                case .failure(let problem): unparsable.append(problem)
                case nil: break
                }
            }
            // Files that call a function found to open a session are next, until no new one appears.
            // In input (path) order, whichever round parsed a file: which chain a finding quotes must not depend
            // on the order files were read in.
            facts = ProjectFacts(checks.sorted { $0.input < $1.input }.map(\.check.facts))
            let names = facts.sessionOpeningNames
            let mentioning = remaining.map { inputs[$0].mentions(names: names) }
            pending = zip(remaining, mentioning).filter(\.1).map(\.0)
            guard !pending.isEmpty else { break }
            remaining = zip(remaining, mentioning).filter { !$0.1 }.map(\.0)
        }
        let reportsUnused = reportsUnusedSuppressions
        let resolved = facts
        let findings = checks.parallelMap(jobs: jobs) {
            $0.check.findings(resolvedWith: resolved, reportsUnusedSuppressions: reportsUnused)
        }
        let unreadable = inputs.compactMap(\.error)
        let report = LintReport(
            findings: findings.flatMap { $0 }.sorted(by: Finding.areInOrder), errors: unreadable + unparsable,
            filesLinted: inputs.count - unreadable.count - unparsable.count,
            filesParsed: inputs.count(where: { $0.file?.isParsed == true }),
            sessionOpeningNames: facts.sessionOpeningNames)
        return (report, Dictionary(uniqueKeysWithValues: zip(checks.map(\.input), findings)), checks)
    }

    /// The report of the run that wrote `known`, when it has a record of exactly these files and no file's
    /// stamp has changed since; else nil.
    private static func replay(_ known: CacheContents, files: [SourceCollector.File]) -> LintReport? {
        guard files.count == known.files.count else { return nil }
        var findings: [Finding] = []
        var unparsable: [LintError] = []
        for file in files {
            guard let record = known.files[file.path], let recorded = record.stamp,
                  recorded == file.stamp ?? FileStamp(path: file.path)
            else { return nil }
            guard let parsed = record.parsed else { continue }
            findings += parsed.findings
            if let message = parsed.unparsable { unparsable.append(.input(path: file.path, message: message)) }
        }
        return LintReport(
            findings: findings.sorted(by: Finding.areInOrder), errors: unparsable, filesLinted: files.count - unparsable.count,
            filesParsed: 0, sessionOpeningNames: Set(known.sessionOpeningNames))
    }

    /// Directives are checked too (unused or invalid ones are findings), so they pass the prefilter.
    private var prefilterWords: [String] {
        configuration.sessionAPI.prefilterWords + ["pony-lint:"]
    }

    /// Writes what this run learned.
    private func save(
        _ inputs: [LintInput], findings: [Int: [Finding]], names: Set<String>, identity: String, now: Int64,
        archive: CheckArchive, to cache: LintCache
    ) throws(LintError) {
        let words = prefilterWords
        var files: [String: CachedFile] = [:]
        var checks: [String: Data] = [:]
        for (index, input) in inputs.enumerated() {
            if let record = input.record(
                words: words, names: names, findings: findings[index] ?? [], settledBefore: now, archive: archive,
                checks: &checks)
            {
                files[input.path] = record
            }
        }
        try cache.save(CacheContents(identity: identity, sessionOpeningNames: names.sorted(), files: files), checks: checks)
    }

    /// The file's check, or why it is not parsed. Only files that are parsed are measured, so a deeply nested file
    /// that cannot contain a finding costs nothing.
    private static func checkIfParsable(
        _ file: SourceFile, configuration: LintConfiguration, screensInertText: Bool
    ) -> Result<FileCheck, LintError> {
        if let problem = SquareBracketNesting.problem(in: file) { return .failure(problem) }
        let check = check(file, configuration: configuration, screensInertText: screensInertText)
        file.releaseTree()
        return .success(check)
    }

    /// The one walk of a file: its facts, and every finding — final, or waiting for the other files' facts.
    private static func check(_ file: SourceFile, configuration: LintConfiguration, screensInertText: Bool) -> FileCheck {
        let (facts, context) = walk(file, configuration: configuration, rules: LintRules.makeAll(), screensInertText: screensInertText)
        return FileCheck(
            source: file, facts: facts, findings: context.findings, deferred: context.deferred,
            suppressions: Suppressions(file: file))
    }

    /// What a file declares, from a walk without rules: the facts of a file that is not linted.
    static func facts(of file: SourceFile, configuration: LintConfiguration) -> FileFacts {
        walk(file, configuration: configuration, rules: [], screensInertText: true).facts
    }

    private static func walk(
        _ file: SourceFile, configuration: LintConfiguration, rules: [any LintRule], screensInertText: Bool
    ) -> (facts: FileFacts, context: LintContext) {
        let inactiveCode = InactiveCode(definedConditions: configuration.definedConditions)
        let collector = FactCollector(api: configuration.sessionAPI)
        let context = LintContext(
            file: file, configuration: configuration,
            asyncClosures: AsyncClosureIndex(file: file, inactiveCode: inactiveCode))
        var walker = SessionWalker(
            tree: file.tree, context: context, rules: rules, facts: collector, inactiveCode: inactiveCode, screensInertText: screensInertText)
        walker.walk()
        return (collector.facts, context)
    }

    static func read(_ path: String) throws(LintError) -> SourceFile {
        SourceFile(path: path, text: try FileReading.text(at: path))
    }

    private static func decode(_ data: Data, path: String) throws(LintError) -> SourceFile {
        guard let text = String(validatingUTF8: data) else { throw FileReading.notUTF8Text(path) }
        return SourceFile(path: path, text: text)
    }
}

/// The result of a lint run.
public struct LintReport: Sendable {
    public var findings: [Finding]
    /// Paths that could not be linted.
    public var errors: [LintError]
    public var filesLinted: Int
    /// How many files the prefilter let through to the parser (and the cache did not answer for).
    public var filesParsed: Int
    /// Names of the functions found to open sessions.
    var sessionOpeningNames: Set<String> = []
    /// Why the cache could not be written, if it could not: "cannot write the lint cache in DIR: reason". The
    /// findings are right regardless.
    public var cacheProblem: String?

    /// Keeps the findings, errors and file count of the files in `reached` (canonical paths) among `paths`, and
    /// the errors in `kept` (paths that do not exist).
    mutating func restrict(to reached: Set<String>, paths: [String], keeping kept: [LintError]) {
        var isReached: [String: Bool] = [:]
        func reaches(_ path: String) -> Bool {
            if let known = isReached[path] { return known }
            let answer = reached.contains(ChangeSet.canonical(path))
            isReached[path] = answer
            return answer
        }
        findings = findings.filter { reaches($0.file) }
        errors = errors.filter { error in
            if kept.contains(error) { return true }
            guard case .input(let path, _) = error else { return true }
            return reaches(path)
        }
        filesLinted = paths.filter(reaches).count
    }
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
