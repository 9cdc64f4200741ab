import Foundation
@testable import PonyLintKit
import Testing

/// Files nesting square brackets deeper than swift-syntax's parser handles in reasonable time are skipped with a
/// per-file error naming the line, and everything else is linted as before. The fuzzer found the hang
/// (`scripts/fuzz`: 88 unclosed `[` in a test file, over 14 s without an answer).
@Suite("Square bracket nesting")
struct SquareBracketNestingTests {
    static let linter = Linter(configuration: LintConfiguration(), jobs: 1)
    static let misuse = "func f() async throws {\n    try db.session { }\n}\n"

    static func nested(_ depth: Int) -> String {
        "let table: " + String(repeating: "[", count: depth) + "Int" + String(repeating: "]", count: depth) + " = []\n"
    }

    @Test func eightyEightUnclosedBracketsAreAnErrorNamingTheLine() {
        let source = "import Pony\n\n" + String(repeating: "[", count: 88) + "\n" + Self.misuse
        let report = Self.linter.lint(sources: [("Deep.swift", source)])
        #expect(report.findings.isEmpty)
        #expect(report.errors == [.input(
            path: "Deep.swift",
            message: "square brackets nested more than 12 deep at line 3; skipped, since swift-syntax's parser takes time exponential in that depth")])
    }

    @Test func nestingAtTheLimitIsLinted() {
        let report = Self.linter.lint(sources: [("Table.swift", Self.nested(12) + Self.misuse)])
        #expect(report.errors.isEmpty)
        #expect(report.findings.map(\.rule) == ["PONY003"])
    }

    @Test func oneLevelPastTheLimitNamesTheLineOfTheDeepestBracket() {
        let report = Self.linter.lint(sources: [("Table.swift", Self.misuse + Self.nested(13))])
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.description.contains("at line 4") == true)
    }

    @Test func bracketsInStringsAndCommentsDoNotCount() {
        let brackets = String(repeating: "[", count: 40)
        let source = "let s = \"\(brackets)\"\n// \(brackets)\n/* \(brackets) */\nlet r = #\"\(brackets)\"#\n" + Self.misuse
        let report = Self.linter.lint(sources: [("Strings.swift", source)])
        #expect(report.errors.isEmpty)
        #expect(report.findings.map(\.rule) == ["PONY003"])
    }

    @Test func manyShallowBracketsAreLinted() {
        let source = String(repeating: "let a = [[1], [2]][0][0]\n", count: 200) + Self.misuse
        let report = Self.linter.lint(sources: [("Shallow.swift", source)])
        #expect(report.errors.isEmpty)
        #expect(report.findings.map(\.rule) == ["PONY003"])
    }

    static func mayNestTooDeep(_ source: String) -> Bool {
        var source = source
        return source.withUTF8 { SquareBracketNesting.mayNestTooDeep($0) }
    }

    @Test func bracketsClosedOnPlainLinesAreClearedWithoutTokenizing() {
        #expect(!Self.mayNestTooDeep(String(repeating: "let a = [[1], [2]][0][0]\n", count: 200)))
    }

    @Test func closingBracketsOnLinesWithStringsOrCommentsDoNotClearAFile() {
        #expect(Self.mayNestTooDeep(String(repeating: "let a = [[1], [2]][0][0] // ok\n", count: 200)))
        #expect(Self.mayNestTooDeep(String(repeating: "let a = [\"x\"][0]\n", count: 20)))
    }

    /// The screen's rule, read byte by byte in order: every `[` opens, a `]` closes only on a line without `"`, `/`,
    /// `#` or a backtick.
    /// Like the screen, a file with at most the maximum of `[` is cleared, and one with a string, comment or regex
    /// that may span lines is not.
    static func nestsTooDeepReadInOrder(_ source: String) -> Bool {
        guard source.filter({ $0 == "[" }).count > SquareBracketNesting.maximumDepth else { return false }
        if ["\"\"\"", "/*", "#/"].contains(where: source.contains) { return true }
        var depth = 0
        for line in source.utf8.split(omittingEmptySubsequences: false, whereSeparator: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            let isPlain = !line.contains { "\"/#`".utf8.contains($0) }
            for byte in line {
                if byte == UInt8(ascii: "[") {
                    depth += 1
                    if depth > SquareBracketNesting.maximumDepth { return true }
                } else if byte == UInt8(ascii: "]"), isPlain {
                    depth = max(0, depth - 1)
                }
            }
        }
        return false
    }

    @Test func theScreenCountingEachLineAtOnceAgreesWithReadingItInOrder() {
        var generator = SeededGenerator(seed: 14)
        // Half the cases break lines with `\r` too, which the screen reads byte by byte; the rest it reads a word at
        // a time. Runs of plain bytes make lines longer than a word.
        let pieces = ["[", "[", "[", "]", "]", "]", "]", " ", "x", "abcdefghij", "\n", "\n", "\"", "#", "`", "/", "[[[", "]]]"]
        var outcomes: [Bool: Int] = [:]
        for round in 0..<4_000 {
            let alphabet = round.isMultiple(of: 2) ? pieces : pieces + ["\r", "\r\n"]
            let source = (0..<Int.random(in: 20...200, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let screened = Self.mayNestTooDeep(source)
            #expect(screened == Self.nestsTooDeepReadInOrder(source), "\(source.debugDescription)")
            outcomes[screened, default: 0] += 1
        }
        // Both answers come up often, so the cases reach both the counted and the in-order reading of a line.
        #expect(outcomes[true, default: 0] > 200 && outcomes[false, default: 0] > 200, "\(outcomes)")
    }

    @Test func aFileWithAStringOrCommentSpanningLinesIsNeverCleared() {
        let shallow = String(repeating: "let a = [[1], [2]][0][0]\n", count: 20)
        for opener in ["\"\"\"", "/*", "#/"] {
            #expect(Self.mayNestTooDeep(shallow + "let s = \(opener)\n"))
        }
    }

    @Test func bracketsClosedOnlyInsideStringsStillCountAsOpen() {
        let source = "let a = " + String(repeating: "[\"]\",\n", count: 20) + Self.misuse
        let report = Self.linter.lint(sources: [("Strings.swift", source)])
        #expect(report.errors.first?.description.contains("at line 13") == true)
    }

    @Test func theOtherFilesOfTheRunAreStillLinted() {
        let report = Self.linter.lint(sources: [("Deep.swift", Self.nested(30) + Self.misuse), ("Misuse.swift", Self.misuse)])
        #expect(report.errors.map(\.description).count == 1)
        #expect(report.findings.map(\.file) == ["Misuse.swift"])
        #expect(report.filesLinted == 1)
    }

    @Test func aDeepFileThatCannotHoldAFindingIsNotParsedAndNotAnError() {
        let report = Self.linter.lint(sources: [("Deep.swift", Self.nested(30)), ("Misuse.swift", Self.misuse)])
        #expect(report.errors.isEmpty)
        #expect(report.findings.map(\.file) == ["Misuse.swift"])
        #expect(report.filesLinted == 2)
        #expect(report.filesParsed == 1)
    }
}
