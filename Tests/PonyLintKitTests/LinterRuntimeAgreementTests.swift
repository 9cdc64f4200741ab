import Foundation
import PonyLintKit
import PonyTestSupport
import Testing

/// The linter and the runtime checks share one catalog, so they must agree about the same code: a program the
/// linter calls clean must not trap, and what the linter reports must trap with the same rule. The programs are
/// real executables of this package, run with checks trapping: `MainActorSessions` (an `async` `@main` entry
/// point, `@MainActor` code and its negative twins) and `ReadmeExamples` (top-level code with an `await`).
@Suite("The linter and the runtime checks agree", .serialized)
struct LinterRuntimeAgreementTests {
    /// One case of `Tests/Fixtures/MainActorSessions`: its name, the rules the file says both layers report,
    /// and the lines it spans.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let expected: [String]
        let lines: ClosedRange<Int>
        var testDescription: String { "\(name) → \(expected.isEmpty ? "clean" : expected.joined(separator: ", "))" }
    }

    static let fixture = BuildProducts.repository.appendingPathComponent("Tests/Fixtures/MainActorSessions/MainActorSessions.swift")

    /// The `// case: NAME EXPECTED` … `// end case` regions of the fixture.
    static let cases: [Case] = {
        guard let text = try? String(contentsOf: fixture, encoding: .utf8) else { return [] }
        var cases: [Case] = []
        var open: (name: String, expected: [String], start: Int)?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// case: ") {
                let words = trimmed.dropFirst("// case: ".count).split(separator: " ").map(String.init)
                open = (words[0], words.dropFirst().filter { $0 != "clean" }, index + 1)
            } else if trimmed == "// end case", let current = open {
                cases.append(Case(name: current.name, expected: current.expected, lines: current.start...(index + 1)))
                open = nil
            }
        }
        return cases
    }()

    @Test func theFixtureCoversTheMainActorAndItsNegativeTwins() {
        #expect(Self.cases.count == 11)
        #expect(Self.cases.filter(\.expected.isEmpty).map(\.name).sorted() == [
            "main-actor-closure", "main-actor-function", "main-actor-run", "main-actor-type", "main-entry-point",
            "task-started-on-the-main-actor",
        ])
    }

    @Test(.enabled(if: BuildProducts.isAvailable("MainActorSessions"), BuildProducts.skipNote("MainActorSessions")), arguments: cases)
    func bothLayersGiveTheSameVerdict(for fixtureCase: Case) throws {
        let source = try String(contentsOf: Self.fixture, encoding: .utf8)
        let linted = lint([("Tests/Fixtures/MainActorSessions/MainActorSessions.swift", source)]).findings
            .filter { fixtureCase.lines.contains($0.line) }.map(\.rule.description)
        #expect(linted == fixtureCase.expected, "pony-lint reported \(linted)")

        let run = try BuildProducts.run("MainActorSessions", arguments: [fixtureCase.name])
        let trapped = run.standardError.split(separator: "\n")
            .compactMap { $0.firstMatch(of: /^Pony runtime check failed: (PONY\d{3})/)?.1 }.map(String.init)
        #expect(trapped == Array(fixtureCase.expected.prefix(1)), "stderr: \(run.standardError)")
        if fixtureCase.expected.isEmpty {
            #expect(run.status == 0 && run.standardOutput == "ran \(fixtureCase.name)\n", "stderr: \(run.standardError)")
        } else {
            #expect(run.status != 0)
        }
    }

    @Test(.enabled(if: BuildProducts.isAvailable("ReadmeExamples"), BuildProducts.skipNote("ReadmeExamples")))
    func topLevelCodeWithAnAwaitIsCleanForBoth() throws {
        let path = "Tests/Fixtures/ReadmeExamples/main.swift"
        let source = try String(contentsOf: BuildProducts.repository.appendingPathComponent(path), encoding: .utf8)
        #expect(source.contains("try await "), "the program must have a top-level await")
        #expect(lint([(path, source)]).findings.isEmpty)

        let run = try BuildProducts.run("ReadmeExamples")
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(!run.standardError.contains("Pony runtime check failed"))
    }
}
