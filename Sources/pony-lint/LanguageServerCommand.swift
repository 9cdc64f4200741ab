import ArgumentParser
import Foundation
import PonyLintKit

/// `pony-lint lsp`: the language server, over standard input and output.
struct LanguageServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run as a language server (LSP over standard input and output) for editors.",
        discussion: """
            Publishes findings for open Swift files as they are opened, changed and saved, decided with the \
            whole workspace's facts, and offers the --fix rewrites as quick fixes. .pony-lint.yml (found from \
            the workspace folder up, or --config) is read again before every lint. See the README for VS Code \
            and Neovim set-up.
            """)

    @Option(help: "Configuration file (default: .pony-lint.yml in the workspace folder or a parent).")
    var config: String?

    @Option(name: .customLong("define"), help: ArgumentHelp(
        "Treat an #if condition as set, like swiftc -D (repeatable).", valueName: "name"))
    var defines: [String] = []

    @Option(help: "How many files to process at once.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("cache-path"), help: ArgumentHelp(
        "The lint cache folder (default: $PONY_LINT_CACHE_DIR, else ~/.cache/pony-lint).", valueName: "dir"))
    var cachePath: String?

    @Flag(name: .customLong("no-cache"), help: "Neither read nor write the lint cache.")
    var noCache = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if noCache && cachePath != nil { throw ValidationError("--no-cache and --cache-path cannot be combined") }
        if let bad = defines.first(where: { !ConfigurationLoader.isIdentifier($0) }) {
            throw ValidationError("--define '\(bad)' is not a condition name like DEBUG")
        }
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw ValidationError("--config '\(config)': no such file")
        }
    }

    func run() throws {
        if Terminal.inputIsTerminal {
            // Someone typed `pony-lint lsp` by hand: say what it waits for.
            Terminal.error("pony-lint lsp: a language server, waiting for LSP messages on standard input; an editor starts it (see the README), Ctrl-D ends it")
        }
        let server = LanguageServer(
            options: .init(
                configurationPath: config, defines: defines,
                cache: noCache ? nil : LintCache(directory: cachePath ?? LintCache.defaultDirectory), jobs: jobs),
            version: PonyLintVersion.current)
        let status = LanguageServerConnection(server: server).run(input: .standardInput, output: .standardOutput)
        throw ExitCode(status)
    }
}
