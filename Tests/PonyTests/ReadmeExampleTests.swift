import Foundation
import PonyTestSupport
import Testing

/// Every Swift snippet of the README is compiled and run: each fenced `swift` block is a region of the
/// `ReadmeExamples` program (`Tests/Fixtures/ReadmeExamples`), between `// README begin: NAME` and
/// `// README end`, and the program runs with the runtime checks trapping. The package manifest snippet is
/// built by `NewcomerPackageTests` instead.
@Suite("README examples")
struct ReadmeExampleTests {
    static let folder = BuildProducts.repository.appendingPathComponent("Tests/Fixtures/ReadmeExamples")

    /// The README's fenced `swift` blocks, without the manifest.
    static func readmeBlocks() throws -> [String] {
        let readme = try String(contentsOf: BuildProducts.repository.appendingPathComponent("README.md"), encoding: .utf8)
        return readme.components(separatedBy: "```swift\n").dropFirst()
            .compactMap { $0.components(separatedBy: "```").first }
            .filter { !$0.hasPrefix("// swift-tools-version") }
    }

    /// The marked regions of the program's files, each with its indentation removed.
    static func programRegions() throws -> [String: String] {
        var regions: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for chunk in text.components(separatedBy: "// README begin: ").dropFirst() {
                let name = String(chunk.prefix { $0 != "\n" })
                let body = chunk.drop { $0 != "\n" }.dropFirst()
                guard let end = body.range(of: "// README end") else { continue }
                let lines = body[..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                regions["\(file): \(name)"] = dedent(lines.map(String.init))
            }
        }
        return regions
    }

    private static func dedent(_ lines: [String]) -> String {
        let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n") + "\n"
    }

    @Test func everySwiftBlockOfTheReadmeIsARegionOfTheProgram() throws {
        let regions = try Self.programRegions()
        let blocks = try Self.readmeBlocks()
        #expect(blocks.count == 14)
        for block in blocks {
            #expect(regions.values.contains(block), "no region of Tests/Fixtures/ReadmeExamples holds this README block:\n\(block)")
        }
        for (name, region) in regions {
            #expect(blocks.contains(region), "region \(name) is not a README block any more:\n\(region)")
        }
    }

    @Test(.enabled(if: BuildProducts.isAvailable("ReadmeExamples"), BuildProducts.skipNote("ReadmeExamples")))
    func theProgramRunsCleanWithChecksTrappingAndPrintsWhatTheCommentsSay() throws {
        let run = try BuildProducts.run("ReadmeExamples")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(!run.standardError.contains("Pony runtime check failed"))
        // The PostgreSQL snippet runs when the tests have a server (scripts/test always gives them one).
        let postgres = ProcessInfo.processInfo.environment["PONY_TEST_POSTGRES_URL"] == nil ? "" : "orders on PostgreSQL: 450 cents\n"
        #expect(run.standardOutput == """
            ["Ann"]
            1
            poetry: ["Odes"], fiction: ["Ulysses"]
            preferences: {"fontSize":18,"theme":"sepia"}
            revenue 505, biggest 300, average 126.25, customers 3, Ann's 2, page 2: [80, 5]
            ["walk-in: 12", "Ann: 30", "Ann: 45"]
            about swift: ["A linter"]; A linter: ["swift"], An ORM: ["sql"]
            refused; the line holds 1
            CheckoutLine[1, 1] holds 2
            slug: home-page, edits: 0, deleted: false
            suppression example ran
            checks: report, disabled: [PONY003]
            visits to /: 2
            migrations: ["v2: album year", "v3: index titles"]

            """ + postgres)
    }
}
