import ArgumentParser
import PonyLintKit

@main
struct PonyLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pony-lint",
        abstract: "Find database session misuse in async Swift code.",
        discussion: """
            Rules ('pony-lint rules' lists them, 'pony-lint explain <rule>' explains one):
              PONY001 session-on-async-function
              PONY002 await-in-session
              PONY003 blocking-session-in-async-context
              PONY004 entity-escapes-session
              PONY005 task-in-session
              PONY006 unclosed-manual-session

            Examples:
              pony-lint Sources                       lint a directory
              pony-lint --format github .             annotations for GitHub Actions
              pony-lint --format sarif -o lint.sarif  SARIF for code scanning
              pony-lint --fix --dry-run Sources       show the fixes as a diff
              pony-lint explain PONY003               why a rule exists and how to fix it
              pony-lint lsp                           a language server for editors

            Exit status: 0 no findings, 1 findings, 2 usage, configuration or input error.
            """,
        version: PonyLintVersion.current,
        subcommands: [Lint.self, Rules.self, Explain.self, LanguageServerCommand.self],
        defaultSubcommand: Lint.self)

    /// Runs the command; usage errors exit with 2 (not argument-parser's 64), as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.error(fullMessage(for: error))
                Terminal.exit(2)
            }
            exit(withError: error)
        }
    }
}
