import Foundation

/// What the fuzz target (`Fuzz/`, libFuzzer) checks for one input, and what the tests replay over a corpus: the
/// input is linted as one Swift file with every rule and its `pony-lint:` directives, its fixes are applied, and
/// the result is linted again. Crashes and hangs are libFuzzer's to find; this throws when the engine answers
/// wrongly without crashing:
///
/// - bytes that are not UTF-8 are rejected with exactly one per-file error and no finding; UTF-8 text is linted
///   with no error, unless it nests square brackets too deep to parse (``SquareBracketNesting``): then exactly one
///   per-file error and no finding;
/// - every finding is in the file, at a line and column that exist;
/// - skipping files by the prefilter changes no finding (it only saves parsing), and neither does stepping over
///   expressions whose text shows nothing the walk acts on (``InertText``);
/// - the fixes fit the text, and applying fixes to the fixed text settles within three rounds.
///
/// ```swift
/// try FuzzCheck.run(Data("func f() async { try db.session { } }".utf8))
/// ```
public enum FuzzCheck {
    /// A wrong answer, with what was expected.
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    /// The path the input is linted under.
    static let path = "Input.swift"
    /// How many rounds of fixing may change the text before it must stop changing.
    static let fixRounds = 3

    /// Lints `data` and checks the answers; throws the first wrong one.
    public static func run(_ data: Data) throws {
        let linter = Linter(configuration: LintConfiguration(), jobs: 1, usesPrefilter: false, reportsUnusedSuppressions: true)
        let report = linter.lint(files: [(path, data)])
        guard let text = String(data: data, encoding: .utf8) else {
            let rejection = LintError.input(path: path, message: "not UTF-8 text; skipped")
            guard report.findings.isEmpty, report.errors == [rejection] else {
                throw Violation(description: "bytes that are not UTF-8 gave \(report.errors) and \(report.findings.count) finding(s), not one rejection")
            }
            return
        }
        if let problem = SquareBracketNesting.problem(in: SourceFile(path: path, text: text)) {
            guard report.findings.isEmpty, report.errors == [problem] else {
                throw Violation(description: "text nesting square brackets too deep gave \(report.errors) and \(report.findings.count) finding(s), not one rejection")
            }
            return
        }
        guard report.errors.isEmpty else {
            throw Violation(description: "UTF-8 text was not linted: \(report.errors)")
        }
        try check(report.findings, in: text)
        let prefiltered = Linter(configuration: LintConfiguration(), jobs: 1, usesPrefilter: true, reportsUnusedSuppressions: true)
            .lint(sources: [(path, text)])
        guard prefiltered.findings == report.findings else {
            throw Violation(description: "the prefilter changed the findings: \(report.findings.count) without it, \(prefiltered.findings.count) with it")
        }
        var unscreened = linter
        unscreened.screensInertText = false
        let entered = unscreened.lint(files: [(path, data)])
        guard entered.findings == report.findings else {
            throw Violation(description: "stepping over inert text changed the findings: \(entered.findings.count) entering every node, \(report.findings.count) stepping over")
        }
        try checkFixesSettle(text, findings: report.findings, linter: linter)
    }

    /// Each finding is in the file, at an existing line and a column within that line (or just past its end).
    static func check(_ findings: [Finding], in text: String) throws {
        let widths = lineWidths(text)
        for finding in findings {
            guard finding.file == path, finding.line >= 1, finding.line <= widths.count else {
                throw Violation(description: "\(finding.rule) at line \(finding.line) of a \(widths.count)-line file")
            }
            let width = widths[finding.line - 1]
            guard finding.column >= 1, finding.column <= width + 1 else {
                throw Violation(description: "\(finding.rule) at column \(finding.column) of line \(finding.line), which has \(width) bytes")
            }
        }
    }

    /// The UTF-8 length of each line, lines ending as swift-syntax ends them: at `\n`, `\r\n` or `\r`.
    static func lineWidths(_ text: String) -> [Int] {
        var widths: [Int] = []
        var width = 0
        var afterCR = false
        for byte in text.utf8 {
            if afterCR && byte == UInt8(ascii: "\n") {
                afterCR = false
                continue
            }
            afterCR = byte == UInt8(ascii: "\r")
            if afterCR || byte == UInt8(ascii: "\n") {
                widths.append(width)
                width = 0
            } else {
                width += 1
            }
        }
        return widths + [width]
    }

    private static func checkFixesSettle(_ text: String, findings: [Finding], linter: Linter) throws {
        var text = text
        var findings = findings
        for _ in 0...fixRounds {
            let change: Fixer.Change?
            do {
                change = try Fixer().change(of: text, at: path, applying: findings)
            } catch {
                throw Violation(description: "a fix does not fit the text it was found in: \(error)")
            }
            guard let change else { return }
            text = change.fixed
            findings = linter.lint(sources: [(path, text)]).findings
            try check(findings, in: text)
        }
        throw Violation(description: "fixes still change the text after \(fixRounds) rounds of fixing")
    }
}
