/// How findings are written.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// `path:line:col: warning: message [PONY003 name]`, the source line and a caret.
    case text
    /// An array of `{rule, name, severity, file, line, column, message}`.
    case json
    /// SARIF 2.1.0, for code-scanning tools.
    case sarif
    /// GitHub Actions workflow commands: `::warning file=…,line=…,col=…,title=PONY003::…`.
    case github

    /// Renders findings in this format.
    public func render(_ findings: [Finding], colors: Bool = false) -> String {
        switch self {
        case .text: TextFormatter(colors: colors).render(findings)
        case .json: JSONFormatter.render(findings)
        case .sarif: SARIFFormatter.render(findings)
        case .github: GitHubFormatter.render(findings)
        }
    }
}

extension Finding {
    /// The 1-based column in characters (as editors and SARIF's `unicodeCodePoints` count), from the UTF-8 column.
    var characterColumn: Int {
        let bytes = Array(sourceLine.utf8.prefix(max(column - 1, 0)))
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.count + 1
    }
}
