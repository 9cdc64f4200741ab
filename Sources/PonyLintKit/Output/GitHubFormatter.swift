/// GitHub Actions workflow commands, which GitHub shows as annotations on the pull request:
/// `::warning file=Sources/App.swift,line=4,col=9,title=PONY003::synchronous session …`.
enum GitHubFormatter {
    static func render(_ findings: [Finding]) -> String {
        findings.map { finding in
            let command = finding.severity == .error ? "error" : "warning"
            let properties = [
                "file=\(escapeProperty(finding.file))", "line=\(finding.line)", "col=\(finding.characterColumn)",
                "title=\(escapeProperty(finding.rule.rawValue))",
            ]
            return "::\(command) \(properties.joined(separator: ","))::\(escapeData(finding.message + " [\(finding.name)]"))\n"
        }.joined()
    }

    /// Escaping as the workflow command syntax requires for message data.
    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escaping for property values, which also may not contain `:` or `,`.
    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
