import Foundation
import PonyLintKit
import Testing

/// Odd input never crashes or hangs the linter.
@Suite("Robustness")
struct RobustnessTests {
    @Test func anEmptyFileHasNoFindings() {
        #expect(lint("").isEmpty)
        #expect(lint("\n\n   \n").isEmpty)
    }

    @Test func aTenMegabyteFileIsLintedWholly() {
        let comment = "// " + String(repeating: "x", count: 96) + "\n"
        let source = "func handle() async throws {\n    let s = try db.openSession()\n    defer { s.close() }\n}\n"
            + String(repeating: comment, count: 10 * 1024 * 1024 / 100)
            + "func tail() async throws {\n    try db.session { }\n}\n"
        #expect(source.utf8.count > 10_000_000)
        #expect(positions(lint(source)) == ["PONY003@2:17", "PONY003@104863:9"])
    }

    @Test func tenThousandNestedClosuresDoNotOverflowTheStack() {
        let depth = 10_000
        let source = "func f() async throws {\n" + String(repeating: "try db.session { ", count: depth)
            + String(repeating: "}", count: depth) + "\n}\n"
        let findings = lint(source)
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.rule == "PONY003" })
    }

    @Test func invalidSwiftIsLintedAsFarAsItParses() {
        #expect(lint("func ( { session [ ] } } } ::: @DBSession async )) openSession((  try await").isEmpty)
        #expect(positions(lint("""
            func broken() async throws {
                let s = try db.openSession(
            }
            """)) == ["PONY003@2:17", "PONY006@2:17"])
    }

    @Test func garbageWithNULBytesIsHandled() {
        let garbage = String(decoding: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } + [0, 0], as: UTF8.self)
        _ = lint(garbage + "\nfunc f() async { try? db.session { } }\n")
    }

    @Test func windowsLineEndingsKeepPositionsAndSourceLines() {
        let findings = lint("func f() async throws {\r\n    let s = try db.openSession()\r\n    defer { s.close() }\r\n}\r\n")
        #expect(positions(findings) == ["PONY003@2:17"])
        #expect(findings.first?.sourceLine == "    let s = try db.openSession()")
    }

    @Test func unreadableAndNonUTF8FilesAreErrorsWhileTheRestIsLinted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-robust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data([0xC3, 0x28, 0xFF]).write(to: directory.appendingPathComponent("Latin1.swift"))
        try "func f() async throws { try db.openSession() }".write(to: directory.appendingPathComponent("Good.swift"), atomically: true, encoding: .utf8)
        let report = Linter(configuration: LintConfiguration()).lint(paths: [directory.path])
        #expect(report.errors == [.input(path: directory.appendingPathComponent("Latin1.swift").path, message: "not UTF-8 text; skipped")])
        #expect(report.findings.map(\.rule) == ["PONY003", "PONY006"])
    }

    /// A file is read in one piece and decoded strictly: a truncated four-byte sequence, whose three bytes a repairing
    /// decoder would replace by one three-byte U+FFFD (same length), is an error too, and a file read from disk in
    /// more than one piece is linted to its last line.
    @Test func filesOnDiskAreReadWhollyAndDecodedStrictly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("let a = \"".utf8 + [0xF0, 0x9F, 0x98] + Data("\"\nfunc f() async throws { try db.openSession() }\n".utf8))
            .write(to: directory.appendingPathComponent("Truncated.swift"))
        let padding = String(repeating: "// " + String(repeating: "y", count: 60) + "\n", count: 3_000)
        try (padding + "func g() async throws {\n    try db.session { }\n}\n")
            .write(to: directory.appendingPathComponent("Long.swift"), atomically: true, encoding: .utf8)
        let report = Linter(configuration: LintConfiguration(), jobs: 1).lint(paths: [directory.path])
        #expect(report.errors == [.input(path: directory.appendingPathComponent("Truncated.swift").path, message: "not UTF-8 text; skipped")])
        #expect(report.findings.map { "\($0.rule)@\($0.line):\($0.column)" } == ["PONY003@3002:9"])
    }
}
