import Foundation
@testable import PonyLintKit
import PonyRules
import PonyTestSupport
import Testing

/// The fuzz target's checks (`FuzzCheck`), replayed here over the inputs it starts from and over inputs built to
/// break a lexer, so every test run repeats what the fuzzer proved. `Fuzz/` runs them under libFuzzer.
@Suite("Fuzz checks")
struct FuzzCheckTests {
    /// The Swift files the fuzzer starts from: the examples, the fixtures, the ORM tests (real session code) and `Fuzz/seeds`.
    static func seedFiles() throws -> [URL] {
        var files: [URL] = []
        for folder in ["Examples", "Tests/Fixtures", "Tests/PonyTests", "Tests/PonyPostgreSQLTests", "Fuzz/seeds"] {
            let root = BuildProducts.repository.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "swift" && !url.path.contains("/.build") {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test func everySeedFilePassesTheChecks() throws {
        let files = try Self.seedFiles()
        #expect(files.count > 60, "the seed corpus was not found under \(BuildProducts.repository.path)")
        for file in files {
            do {
                try FuzzCheck.run(try Data(contentsOf: file))
            } catch {
                Issue.record("\(file.path): \(error)")
            }
        }
    }

    @Test func everyRuleExamplePassesTheChecks() throws {
        for rule in RuleCatalog.all {
            for example in rule.triggeringExamples + rule.nonTriggeringExamples {
                try FuzzCheck.run(Data(example.source.utf8))
            }
        }
    }

    @Test(arguments: [
        ("empty", ""),
        ("a NUL byte in a session", "func f() async {\n    try db.session {\u{0} }\n}\n"),
        ("CRLF lines with a fix", "func f() async throws {\r\n    try db.session {\r\n    }\r\n}\r\n"),
        ("lone CR lines with a fix", "func f() async throws {\r    try db.session {\r    }\r}\r"),
        ("a byte-order mark", "\u{FEFF}func f() async throws { try db.session { } }"),
        ("an unterminated string", "func f() async throws { try db.session { let s = \"\n } }"),
        ("an unterminated comment", "func f() async throws { try db.session { /* } }"),
        ("#if without #endif", "#if DEBUG\nfunc f() async throws { try db.session { } }\n"),
        ("directives without rules", "// pony-lint:disable\n// pony-lint:enable\n// pony-lint:disable-next-line\n"),
        ("a directive naming unknown rules", "// pony-lint:disable PONY999 nonsense\nfunc f() async throws { try db.session { } }"),
        ("four-byte characters before a fix", "func f() async throws { let 🐴 = 1; try db.session { _ = 🐴 } }"),
        ("a fixed session chained with map", "func f() async throws { return Set(try db.session { 1 }.map { $0 }) }"),
        ("session in a closure in a default argument", "func f(_ g: () -> Void = { try? db.session { } }) async {}"),
        ("a fix after an arrow the parser cannot place", "func f() async throws {\n    print(1) ws -> db.session { 1 }\n}\n"),
    ])
    func anInputBuiltToBreakTheLexerPassesTheChecks(_ name: String, _ source: String) throws {
        try FuzzCheck.run(Data(source.utf8))
    }

    @Test func deepNestingPassesTheChecks() throws {
        let depth = 2_000
        let source = "func f() async throws { try db.session { " + String(repeating: "{ ", count: depth) + String(repeating: "} ", count: depth) + "} }"
        try FuzzCheck.run(Data(source.utf8))
    }

    @Test func bytesThatAreNotUTF8AreRejectedAsOneFileError() throws {
        try FuzzCheck.run(Data([0x66, 0xFF, 0xFE, 0x0A]))
        let report = Linter(configuration: LintConfiguration()).lint(files: [("Bad.swift", Data([0xC3]))])
        #expect(report.errors == [.input(path: "Bad.swift", message: "not UTF-8 text; skipped")])
    }

    @Test func aFixThatDoesNotFitTheTextIsAnErrorNamingTheFile() throws {
        let finding = Finding(
            rule: RuleID(rawValue: "PONY003"), name: "x", severity: .error, file: "A.swift", line: 1, column: 1, message: "m", sourceLine: "",
            fix: Fix(edits: [Fix.Edit(offset: 10, length: 5, replacement: "await ")]))
        #expect(throws: LintError.input(path: "A.swift", message: "a fix replaces bytes 10..<15 of a 3-byte file; lint it again")) {
            _ = try Fixer().change(of: "abc", at: "A.swift", applying: [finding])
        }
    }

    @Test func linesEndAsSwiftSyntaxEndsThem() {
        #expect(FuzzCheck.lineWidths("ab\r\ncde\rf\n") == [2, 3, 1, 0])
        #expect(FuzzCheck.lineWidths("") == [0])
    }
}
