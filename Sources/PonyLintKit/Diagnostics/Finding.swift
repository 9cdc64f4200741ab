import PonyRules
import SwiftSyntax

/// One thing the linter found.
public struct Finding: Equatable, Sendable, Codable {
    public let rule: RuleID
    public let name: String
    public let severity: Severity
    /// The file, as the path it was found under.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, in UTF-8 bytes.
    public let column: Int
    public let message: String
    /// The text of the reported line, for output and for matching baselines.
    public let sourceLine: String
    /// A rewrite `--fix` may apply.
    public let fix: Fix?

    /// Sort order of the output: file, line, column, rule.
    static func areInOrder(_ a: Finding, _ b: Finding) -> Bool {
        (a.file, a.line, a.column, a.rule.rawValue) < (b.file, b.line, b.column, b.rule.rawValue)
    }
}

/// Text edits that fix a finding, as UTF-8 byte offsets into the file.
public struct Fix: Equatable, Sendable, Codable {
    public struct Edit: Equatable, Sendable, Codable {
        public let offset: Int
        public let length: Int
        public let replacement: String
    }

    public let edits: [Edit]

    init(edits: [Edit]) {
        self.edits = edits
    }

    init(insert text: String, at position: AbsolutePosition, in file: SourceFile) {
        edits = [Edit(offset: position.utf8Offset, length: 0, replacement: text)]
    }
}
