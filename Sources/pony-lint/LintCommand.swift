import ArgumentParser
import Foundation
import PonyLintKit

extension OutputFormat: ExpressibleByArgument {}

/// The least severe finding that makes the exit status 1.
enum FailLevel: String, CaseIterable, ExpressibleByArgument {
    case warning, error
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint Swift files and directories (the default command).")

    @Argument(help: "Files or directories to lint. Directories are searched for *.swift files.")
    var paths: [String] = []

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the findings to a file instead of standard output.")
    var output: String?

    @Option(help: "Configuration file (default: .pony-lint.yml in the current directory or a parent).")
    var config: String?

    @Option(help: "Ignore the findings recorded in this baseline file.")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Record the current findings in a baseline file and exit 0.")
    var writeBaseline: String?

    @Flag(help: "Rewrite what can be fixed safely: add 'await' to a sync session in async code, add a 'defer' that closes a manual session.")
    var fix = false

    @Flag(name: .customLong("dry-run"), help: "With --fix: print the fixes as a diff instead of writing them.")
    var dryRun = false

    @Flag(name: .customLong("exit-zero"), help: "Exit with 0 even when there are findings.")
    var exitZero = false

    @Option(name: .customLong("fail-on"), help: "Which findings make the exit status 1: warning (any finding) or error (only errors).")
    var failOn: FailLevel = .warning

    @Flag(name: .customLong("report-unused-suppressions"), help: "Report pony-lint comments that silence nothing.")
    var reportUnusedSuppressions = false

    @Option(name: .customLong("define"), help: ArgumentHelp(
        "Treat an #if condition as set, like swiftc -D (repeatable); every other custom condition is then false.",
        valueName: "name"))
    var defines: [String] = []

    @Option(help: "How many files to process at once.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("cache-path"), help: ArgumentHelp(
        "Keep what each run learns about each file in this folder, so the next run reads only changed files (default: $PONY_LINT_CACHE_DIR, else ~/.cache/pony-lint).",
        valueName: "dir"))
    var cachePath: String?

    @Flag(name: .customLong("no-cache"), help: "Read and parse every file; neither read nor write the cache.")
    var noCache = false

    @Option(name: .customLong("changed-since"), help: ArgumentHelp(
        "Report only files changed since this git revision (and untracked ones), plus the files whose findings depend on them.",
        valueName: "ref"))
    var changedSince: String?

    @Flag(inversion: .prefixedNo, help: "Color the text output (default: only on a terminal).")
    var color: Bool?

    @Flag(help: "Print only findings, warnings and errors: no summary or fix counts.")
    var quiet = false

    @Option(help: ArgumentHelp(
        "Write the summary, as a // comment line, to this file when the run exits with 0, and remove it otherwise: an output for build systems, which run a step again when its output is missing (the build plugin compiles it as an empty Swift file).",
        valueName: "file"))
    var stamp: String?

    @Flag(name: .customLong("no-prefilter"), help: .hidden)
    var noPrefilter = false

    func validate() throws {
        if dryRun && !fix { throw ValidationError("--dry-run only applies to --fix") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if fix && writeBaseline != nil { throw ValidationError("--fix and --write-baseline cannot be combined") }
        if noCache && cachePath != nil { throw ValidationError("--no-cache and --cache-path cannot be combined") }
        if let bad = defines.first(where: { !ConfigurationLoader.isIdentifier($0) }) {
            throw ValidationError("--define '\(bad)' is not a condition name like DEBUG")
        }
    }

    func run() throws {
        guard let stamp else { _ = try lint(); return }
        // A stamp left from an earlier run must not survive a run that fails or stops half-way.
        try? FileManager.default.removeItem(atPath: stamp)
        let summary = try lint()
        try write("// " + summary + "\n", to: stamp, naming: "the stamp")
    }

    /// Lints, prints, and returns the summary line of a run whose exit status is 0; any other status is thrown.
    private func lint() throws -> String {
        let configuration = try loadConfiguration()
        let linter = Linter(
            configuration: configuration, jobs: jobs, usesPrefilter: !noPrefilter,
            reportsUnusedSuppressions: reportUnusedSuppressions,
            cache: noCache ? nil : LintCache(directory: cachePath ?? LintCache.defaultDirectory),
            // The command exits once it has printed the report: what the run read is left to the exit.
            freesInputs: false)
        let targets = paths.isEmpty ? ["."] : paths
        // The repository is the one holding the first path (the working directory's, for `.`).
        let repository = targets[0].hasSuffix(".swift") ? (targets[0] as NSString).deletingLastPathComponent : targets[0]
        let changeSet = try changedSince.map { revision in
            try guarded { try ChangeSet.since(revision, in: repository.isEmpty ? "." : repository) }
        }
        var report = linter.lint(paths: targets, reportingChanges: changeSet)
        var failed = !report.errors.isEmpty
        for error in report.errors { Terminal.error("\(error)") }
        // The findings are right without the cache: a cache that cannot be written is a warning.
        if let problem = report.cacheProblem { Terminal.error("pony-lint: warning: \(problem) (use --cache-path DIR or --no-cache)") }

        if let writeBaseline {
            try guarded { try Baseline(report.findings).write(to: writeBaseline) }
            inform("pony-lint: recorded \(report.findings.count) finding(s) in \(writeBaseline)")
            throw ExitCode(failed ? 2 : 0)
        }

        if fix {
            let fixer = Fixer()
            let changes = try guarded { try fixer.changes(for: report.findings) }
            if dryRun {
                Terminal.output(changes.map(\.diff).joined())
                inform("pony-lint: \(changes.reduce(0) { $0 + $1.fixCount }) fix(es) in \(changes.count) file(s) (dry run, nothing written)")
                throw ExitCode(failed ? 2 : 0)
            }
            try guarded { try fixer.apply(changes) }
            inform("pony-lint: applied \(changes.reduce(0) { $0 + $1.fixCount }) fix(es) in \(changes.count) file(s)")
            report = linter.lint(paths: targets, reportingChanges: changeSet)
            failed = failed || !report.errors.isEmpty
        }

        var findings = report.findings
        if let baseline {
            findings = try guarded { try Baseline.load(baseline) }.filter(findings)
        }
        let colors = color ?? (output == nil && Terminal.outputIsTerminal && format == .text)
        let rendered = format.render(findings, colors: colors)
        if let output {
            try write(rendered, to: output, naming: "the output")
        } else {
            Terminal.output(rendered)
        }
        let summary = summary(findings: findings, files: report.filesLinted)
        if format == .text && !(failed && report.filesLinted == 0) {
            inform(summary)
        }
        if failed { throw ExitCode(2) }
        let failing = findings.contains { failOn == .warning || $0.severity == .error }
        if failing && !exitZero { throw ExitCode(1) }
        return summary
    }

    /// The configuration file's settings, with `--define` names added to its `defines:`.
    private func loadConfiguration() throws -> LintConfiguration {
        var configuration: LintConfiguration
        if let config {
            configuration = try guarded { try ConfigurationLoader.load(config) }
        } else if let found = ConfigurationLoader.find(from: FileManager.default.currentDirectoryPath) {
            configuration = try guarded { try ConfigurationLoader.load(found) }
        } else {
            configuration = LintConfiguration(baseDirectory: FileManager.default.currentDirectoryPath)
        }
        if !defines.isEmpty {
            configuration.definedConditions = (configuration.definedConditions ?? []).union(defines)
        }
        return configuration
    }

    /// Runs `body`; a ``LintError`` is printed on one line and exits with 2.
    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LintError {
            Terminal.error("\(error)")
            throw ExitCode(2)
        }
    }

    /// Writes `text` to `path` atomically; a failure is an input error naming the path (exit status 2).
    private func write(_ text: String, to path: String, naming what: String) throws {
        try guarded {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw LintError.input(path: path, message: "cannot write \(what): \(error.localizedDescription)")
            }
        }
    }

    /// Prints a line about the run (not a finding, warning or error) on standard error, unless `--quiet`.
    private func inform(_ line: String) {
        if !quiet { Terminal.error(line) }
    }

    private func summary(findings: [Finding], files: Int) -> String {
        let fileCount = "\(files) file\(files == 1 ? "" : "s")"
        guard !findings.isEmpty else { return "pony-lint: no findings in \(fileCount)" }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        return "pony-lint: \(findings.count) finding\(findings.count == 1 ? "" : "s") (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")) in \(fileCount)"
    }
}
