import Foundation

/// A JSON array of findings: `{rule, name, severity, file, line, column, message}`.
enum JSONFormatter {
    struct Entry: Codable, Equatable {
        let rule: String
        let name: String
        let severity: String
        let file: String
        let line: Int
        let column: Int
        let message: String
    }

    static func render(_ findings: [Finding]) -> String {
        let entries = findings.map {
            Entry(rule: $0.rule.rawValue, name: $0.name, severity: $0.severity.rawValue, file: $0.file, line: $0.line,
                  column: $0.column, message: $0.message)
        }
        return encode(entries)
    }

    /// Pretty, key-sorted JSON with a final newline.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "[]\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
