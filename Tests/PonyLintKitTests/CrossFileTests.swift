import PonyLintKit
import Testing

/// Findings that depend on another file — a helper that opens a session, an entity declared elsewhere —
/// are decided after every file is read, and then behave like any other finding.
@Suite("Cross-file findings")
struct CrossFileTests {
    static let helper = (path: "Helpers.swift", text: """
        func saveVisit(_ path: String) throws {
            try db.session { _ = Visit(path: path) }
        }
        """)

    /// The chain a finding quotes is the shortest one, whatever order the helpers are declared in, and the same
    /// in every run (it used to follow a dictionary's order, which Swift seeds per process).
    @Test func aFindingQuotesTheShortestChainToTheSession() {
        let helpers = [
            "func viaC() throws { try c() }",
            "func c() throws { try deep() }",
            "func deep() throws { try db.session { } }",
            "func save() throws { try viaC(); try direct() }",
            "func direct() throws { try db.session { } }",
        ]
        for order in [helpers, helpers.reversed()] {
            let files = order.enumerated().map { (path: "Helper\($0.offset).swift", text: $0.element) }
                + [(path: "Handler.swift", text: "func handle() async throws {\n    try save()\n}\n")]
            let report = lint(files)
            #expect(report.findings.map(\.message).contains { $0.contains("save() → direct() → db.session { … }") },
                    "\(report.findings.map(\.message))")
        }
    }

    @Test func aDirectiveSilencesAFindingDecidedByAnotherFile() {
        let report = lint([Self.helper, ("Handler.swift", """
            func handle(_ path: String) async throws {
                // pony-lint:disable:next PONY003
                try saveVisit(path)
            }
            """)], unusedSuppressions: true)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    }

    @Test func aDirectiveForACallThatOpensNoSessionIsUnused() {
        let report = lint([Self.helper, ("Handler.swift", """
            func handle(_ path: String) async throws {
                // pony-lint:disable:next PONY003
                try format(path)
            }
            """)], unusedSuppressions: true)
        #expect(report.findings.map(\.rule.rawValue) == ["unused-suppression"])
    }

    @Test func anEntityDeclaredInAnotherFileIsReportedWhereItEscapes() {
        let report = lint([
            ("Models.swift", "@Entity final class User {\n    var name: String\n}\n"),
            ("Queries.swift", """
                func newest() throws -> User? {
                    try db.session {
                        try User.select().order(by: \\.name).first()
                    }
                }
                """),
        ])
        #expect(positions(report.findings) == ["PONY004@3:9"])
        #expect(report.findings.first?.file == "Queries.swift")
        #expect(report.findings.first?.message.contains("`User.select().order(by: \\.name).first()` (User)") == true)
    }

    @Test func aNameThatIsNoEntityAnywhereIsNotReported() {
        let report = lint([("Queries.swift", """
            func newest() throws -> Report? {
                try db.session {
                    try Report.select().first()
                }
            }
            """)])
        #expect(report.findings.isEmpty)
    }

    @Test func locationsCountCRLFAndLoneCRLineBreaksLikeTheParser() {
        let source = "func handle() async throws {\r\n    // a\r    try saveVisit(\"x\")\r\n}\r\n"
        let report = lint([Self.helper, ("Handler.swift", source)])
        #expect(positions(report.findings) == ["PONY003@3:9"])
        #expect(report.findings.first?.sourceLine == "    try saveVisit(\"x\")")
    }
}
