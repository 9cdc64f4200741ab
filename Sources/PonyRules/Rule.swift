/// One rule of the catalog: everything `Rules/PONYnnn.md` says, as typed values.
///
/// Linter messages, runtime trap messages, compile-time macro errors and `pony-lint explain` are all
/// built from these values, so the wording lives in one place.
///
/// ```swift
/// let rule = RuleCatalog[id: "PONY006"]
/// print(rule.diagnosticPrefix)   // PONY006 (unclosed-manual-session)
/// print(rule.fixTitle)           // Add `defer { session.close() }` right after `openSession()`
/// ```
public struct Rule: Sendable, Identifiable {
    public let id: RuleID
    /// The kebab-case name, accepted wherever an ID is (`pony-lint explain task-in-session`).
    public let name: String
    public let severity: Severity
    /// One sentence: what the rule is about.
    public let summary: String
    /// The layers that enforce the rule.
    public let checkedBy: [RuleLayer]
    /// The linter's message template; ``message(_:)`` fills in its `{name}` placeholders.
    public let message: String
    /// What the debug runtime does about the rule; `nil` when it does nothing.
    public let runtime: String?
    /// One line naming the hazard, for runtime messages.
    public let runtimeMessage: String
    /// Whether `pony-lint --fix` can rewrite offending code.
    public let fix: FixAvailability
    /// What to do about a finding, in one line.
    public let fixTitle: String
    /// The body sections in file order: What it does, Why is this bad?, Example, Use instead, …
    public let sections: [RuleSection]
    /// Code that must trigger the rule, with markers where it reports.
    public let triggeringExamples: [RuleExample]
    /// Code that must not trigger the rule.
    public let nonTriggeringExamples: [RuleExample]
    /// The Markdown body of the rule file, without its front matter.
    public let documentation: String
    /// Where the rule lives in the repository, e.g. `Rules/PONY003.md`.
    public let path: String

    /// The linter's message for one finding: the template with each `{name}` replaced by `values[name]`, in one
    /// pass over the template, so a value is inserted as it is (a `{…}` inside a value is not replaced in turn); a
    /// placeholder without a value stays as written.
    ///
    /// ```swift
    /// RuleCatalog[id: "PONY003"].message(["form": "`db.openSession()`"])
    /// // synchronous session entered in async code: `db.openSession()`
    /// ```
    public func message(_ values: [String: String]) -> String {
        var text = ""
        var written = message.startIndex
        for (open, close) in placeholderRanges {
            guard let value = values[String(message[message.index(after: open)..<close])] else { continue }
            text += message[written..<open]
            text += value
            written = message.index(after: close)
        }
        return text + message[written...]
    }

    /// The `{name}` placeholders of the message template.
    public var messagePlaceholders: [String] {
        placeholderRanges.map { open, close in String(message[message.index(after: open)..<close]) }
    }

    /// Where each `{name}` of the template is: its braces' indices, found in the UTF-8 view (braces are ASCII, so
    /// their indices are valid in the string too; reading characters would break the text into graphemes).
    private var placeholderRanges: [(open: String.Index, close: String.Index)] {
        var ranges: [(open: String.Index, close: String.Index)] = []
        let bytes = message.utf8
        var rest = bytes.startIndex
        while let open = bytes[rest...].firstIndex(of: UInt8(ascii: "{")),
              let close = bytes[open...].firstIndex(of: UInt8(ascii: "}")) {
            ranges.append((open, close))
            rest = bytes.index(after: close)
        }
        return ranges
    }

    /// `PONY003 (blocking-session-in-async-context)`: how every message about the rule starts.
    public var diagnosticPrefix: String { "\(id) (\(name))" }

    /// `Run 'pony-lint explain PONY003' for details.`
    public var explainHint: String { "Run 'pony-lint explain \(id)' for details." }

    /// The Markdown of the section with the given title, if the rule has it.
    public func section(_ title: String) -> String? {
        sections.first { $0.title == title }?.markdown
    }

    /// The **Why is this bad?** section: the explanation of the hazard.
    public var explanation: String { section("Why is this bad?") ?? summary }
}

/// How serious a finding is.
public enum Severity: String, Sendable, CaseIterable, Codable {
    case error
    case warning
}

/// A layer that enforces rules.
public enum RuleLayer: String, Sendable, CaseIterable, Codable {
    /// `pony-lint`, the static linter.
    case lint
    /// The ORM's debug runtime checks.
    case runtime
    /// Compile-time errors from Pony's macros.
    case compiler
}

/// Whether `pony-lint --fix` can rewrite the offending code.
public enum FixAvailability: String, Sendable, Codable {
    case none
    case sometimes
    case always
}

/// One `## ` section of a rule's documentation.
public struct RuleSection: Sendable, Equatable {
    public let title: String
    public let markdown: String
}

/// A code example from a rule file, with the positions where the rule reports.
public struct RuleExample: Sendable, Equatable {
    /// Where a 1️⃣-style marker stood: 1-based line and UTF-8 column in `source`.
    public struct Marker: Sendable, Equatable {
        public let number: Int
        public let line: Int
        public let column: Int
    }

    /// The code, markers removed.
    public let source: String
    public let markers: [Marker]
}
