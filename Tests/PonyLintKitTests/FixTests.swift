import Foundation
import PonyLintKit
import Testing

@Suite("Fixes")
struct FixTests {
    /// Lints `source` as a file on disk and returns it with every fix applied.
    func fixed(_ source: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("File.swift").path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        let report = Linter(configuration: LintConfiguration()).lint(paths: [path])
        let fixer = Fixer()
        try fixer.apply(try fixer.changes(for: report.findings))
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func addsAwaitToASyncSessionDirectlyInAnAsyncFunction() throws {
        #expect(try fixed("func f() async throws {\n    try db.session { }\n}\n") == "func f() async throws {\n    try await db.session { }\n}\n")
    }

    @Test func offersNoAwaitWhereAwaitIsNotAllowed() throws {
        let source = "func f(rows: [Int]) async throws {\n    try rows.forEach { _ in try db.session { } }\n}\n"
        #expect(try fixed(source) == source)
    }

    @Test func addsADeferThatClosesAManualSession() throws {
        #expect(try fixed("func f() throws {\n    let s = try db.openSession()\n    try s.commit()\n}\n")
            == "func f() throws {\n    let s = try db.openSession()\n    defer { s.close() }\n    try s.commit()\n}\n")
    }

    @Test func keepsWindowsLineEndings() throws {
        #expect(try fixed("func f() throws {\r\n\tlet s = try db.openSession()\r\n}\r\n")
            == "func f() throws {\r\n\tlet s = try db.openSession()\r\n\tdefer { s.close() }\r\n}\r\n")
    }

    @Test func leavesADiscardedSessionAlone() throws {
        let source = "func f() throws {\n    _ = try db.openSession()\n}\n"
        #expect(try fixed(source) == source)
    }
}
