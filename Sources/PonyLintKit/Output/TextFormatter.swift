/// `path:line:col: warning: message [PONY003 blocking-session-in-async-context]`, then the line and a caret,
/// in the style of swift-format and the Swift compiler. Colors only when asked (the CLI asks on a terminal).
struct TextFormatter {
    let colors: Bool

    func render(_ findings: [Finding]) -> String {
        findings.map(render).joined()
    }

    private func render(_ finding: Finding) -> String {
        let severity = paint(finding.severity.rawValue + ":", finding.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m")
        let label = finding.name == finding.rule.rawValue ? finding.name : "\(finding.rule) \(finding.name)"
        var text = "\(paint("\(finding.file):\(finding.line):\(finding.column):", "\u{1B}[1m")) \(severity) \(finding.message) \(paint("[\(label)]", "\u{1B}[2m"))\n"
        guard !finding.sourceLine.isEmpty else { return text }
        let prefixBytes = finding.sourceLine.utf8.prefix(max(finding.column - 1, 0))
        let padding: String
        if prefixBytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII (a line holds no `\r\n`): one character per byte, spaces and tabs written byte for byte.
            padding = String(decoding: prefixBytes.map { $0 == UInt8(ascii: "\t") ? $0 : UInt8(ascii: " ") }, as: UTF8.self)
        } else {
            let prefix = String(decoding: Array(prefixBytes), as: UTF8.self)
            padding = String(prefix.map { $0 == "\t" ? "\t" : " " })
        }
        text += "\(finding.sourceLine)\n\(padding)\(paint("^", "\u{1B}[1;32m"))\n"
        return text
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\(code)\(text)\u{1B}[0m" : text
    }
}
