import PonyRules
import SwiftSyntax

/// The `// pony-lint:` comments of one file and what they silence.
///
/// ```swift
/// // pony-lint:disable:next PONY003
/// try legacyHelper()
/// try db.openSession() // pony-lint:disable:this unclosed-manual-session
/// // pony-lint:disable PONY005
/// …
/// // pony-lint:enable PONY005
/// ```
///
/// Rules are named by ID or name; `all` names every rule. Directives are read from comments only, so the
/// same text in a string literal does nothing.
struct Suppressions: Codable, Sendable {
    /// One directive, and whether it silenced anything.
    struct Directive: Codable, Sendable {
        enum Kind: String, Codable, Sendable { case next, this, disable, enable }
        let kind: Kind
        let rules: Set<RuleID>
        let line: Int
        let column: Int
        /// For `disable`: per rule, the line of the next `enable` that names it; a rule missing here stays
        /// disabled to the end of the file.
        var endLines: [RuleID: Int] = [:]
        var wasUsed = false

        func covers(_ finding: Finding) -> Bool {
            guard rules.contains(finding.rule) else { return false }
            switch kind {
            case .next: return finding.line == line + 1
            case .this: return finding.line == line
            case .disable: return finding.line > line && finding.line < (endLines[finding.rule] ?? Int.max)
            case .enable: return false
            }
        }
    }

    /// A directive that could not be read, for reporting.
    struct Problem: Codable, Sendable {
        let line: Int
        let column: Int
        let message: String
    }

    private(set) var directives: [Directive] = []
    /// Directives that could not be read.
    private(set) var problems: [Problem] = []

    init(file: SourceFile) {
        guard file.mentions(["pony-lint:"]) else { return }
        for token in file.tree.tokens(viewMode: .sourceAccurate) {
            var position = token.position
            for piece in token.leadingTrivia { read(piece, at: position, file); position += piece.sourceLength }
            position = token.endPositionBeforeTrailingTrivia
            for piece in token.trailingTrivia { read(piece, at: position, file); position += piece.sourceLength }
        }
        // Each rule of a `disable` ends at the next `enable` that names that rule: enabling one of several
        // disabled rules leaves the others disabled.
        for index in directives.indices where directives[index].kind == .disable {
            for rule in directives[index].rules {
                if let end = directives[(index + 1)...].first(where: { $0.kind == .enable && $0.rules.contains(rule) }) {
                    directives[index].endLines[rule] = end.line
                }
            }
        }
    }

    private mutating func read(_ piece: TriviaPiece, at position: AbsolutePosition, _ file: SourceFile) {
        let comment: String
        switch piece {
        case .lineComment(let text): comment = String(text.dropFirst(2))
        case .blockComment(let text): comment = String(text.dropFirst(2).dropLast(2))
        default: return
        }
        let words = comment.split(whereSeparator: \.isWhitespace)
        guard let command = words.first, command.hasPrefix("pony-lint:") else { return }
        let location = file.location(of: position)
        let kind: Directive.Kind
        switch command.dropFirst("pony-lint:".count) {
        case "disable:next": kind = .next
        case "disable:this": kind = .this
        case "disable": kind = .disable
        case "enable": kind = .enable
        default:
            problems.append(Problem(line: location.line, column: location.column, message: "unknown directive '\(command)'; use pony-lint:disable:next, pony-lint:disable:this, pony-lint:disable or pony-lint:enable"))
            return
        }
        var rules: Set<RuleID> = []
        for word in words.dropFirst() {
            let name = word.trimmingCharacters(in: ",")
            if name.isEmpty { continue }
            if name == "all" {
                rules.formUnion(RuleCatalog.all.map(\.id))
            } else if let rule = RuleCatalog.rule(named: name) {
                rules.insert(rule.id)
            } else {
                problems.append(Problem(line: location.line, column: location.column, message: "'\(name)' in '\(command)' is not a rule; name a rule by ID or name, or use 'all'"))
            }
        }
        if rules.isEmpty && problems.last?.line != location.line {
            problems.append(Problem(line: location.line, column: location.column, message: "'\(command)' names no rule; add a rule ID or 'all'"))
        }
        directives.append(Directive(kind: kind, rules: rules, line: location.line, column: location.column))
    }

    /// Removes the findings a directive silences, marking those directives used.
    mutating func filter(_ findings: [Finding]) -> [Finding] {
        findings.filter { finding in
            var silenced = false
            for index in directives.indices where directives[index].covers(finding) {
                directives[index].wasUsed = true
                silenced = true
            }
            return !silenced
        }
    }

    /// Directives that silenced nothing (enables are bookkeeping, not suppressions).
    var unused: [Directive] {
        directives.filter { !$0.wasUsed && $0.kind != .enable && !$0.rules.isEmpty }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
