import Foundation
import PonyTestSupport
import Testing

/// A newcomer's first hour, automated: new packages made from the README alone — its manifest snippets, with
/// this repository as the clone beside them. The quick start builds with `swift build` and runs clean with the
/// runtime checks trapping, without building or linking the PostgreSQL provider; the build-tool plugin's manifest
/// puts pony-lint's findings in `swift build` output and lints again only when a Swift file changed.
///
/// They build swift-syntax for the macros from scratch (minutes on 2 cores), so they run only when
/// `PONY_NEWCOMER_TEST=1`: `scripts/test` runs them in a pass of its own after the other tests. They share one
/// build folder, `.build-newcomer/` (kept between runs on a developer's machine), so they run one at a time.
@Suite("New packages made from the README", .serialized)
struct NewcomerPackageTests {
    static let isEnabled = ProcessInfo.processInfo.environment["PONY_NEWCOMER_TEST"] == "1"
    static let scratch = BuildProducts.repository.appendingPathComponent(".build-newcomer")

    @Test(.enabled(if: isEnabled, "builds a package from scratch; set PONY_NEWCOMER_TEST=1 (scripts/test does)"),
          .timeLimit(.minutes(30)))
    func buildsAndRunsTheQuickStart() throws {
        let readme = try ReadmeSwiftBlocks()
        let app = try NewPackage(manifest: try readme.block(startingWith: "// swift-tools-version", "a package manifest"),
                                 files: ["main.swift": try readme.block(startingWith: "import Pony\n", "a quick start")])
        let build = try app.build(scratch: Self.scratch)
        #expect(build.status == 0, "swift build failed:\n\(build.output.suffix(4_000))")
        guard build.status == 0 else { return }

        let executable = Self.scratch.appendingPathComponent("debug/App")
        let run = try Self.run(executable.path, [])
        #expect(run.status == 0 && run.output == "[\"Ann\"]\n1\n", "the quick start printed:\n\(run.output)")

        // A program that uses only SQLite neither builds the PostgreSQL provider nor links libpq.
        // (SwiftPM makes a folder for every target it plans; only a built one has object files.)
        let provider = (try? FileManager.default.contentsOfDirectory(atPath: Self.scratch.appendingPathComponent("debug/PonyPostgreSQL.build").path)) ?? []
        #expect(!provider.contains { $0.hasSuffix(".o") }, "PonyPostgreSQL was compiled: \(provider)")
        let libraries = try Self.run("/usr/bin/ldd", [executable.path])
        #expect(libraries.status == 0 && libraries.output.contains("libsqlite3") && !libraries.output.contains("libpq"), "\(libraries.output)")
    }

    @Test(.enabled(if: isEnabled, "builds a package from scratch; set PONY_NEWCOMER_TEST=1 (scripts/test does)"),
          .timeLimit(.minutes(30)))
    func theBuildPluginReportsFindingsAndLintsAgainOnlyWhenASwiftFileChanges() throws {
        let readme = try ReadmeSwiftBlocks()
        let manifest = try readme.block(containing: "PonyLintBuildToolPlugin", "a manifest that uses the build plugin")
        // A synchronous helper that opens a session, called from async code: PONY003, a warning.
        let handler = """
            import Pony

            func handle(_ db: Database) async throws {
                try saveVisit(db)
            }

            func saveVisit(_ db: Database) throws {
                try db.session { }
            }

            """
        let app = try NewPackage(manifest: manifest, files: [
            "main.swift": try readme.block(startingWith: "import Pony\n", "a quick start"),
            "Handler.swift": handler,
        ])

        let first = try app.build(scratch: Self.scratch)
        #expect(first.status == 0, "a warning failed the build:\n\(first.output.suffix(4_000))")
        #expect(first.output.contains("Sources/App/Handler.swift:4:9: warning: synchronous session entered in async code"),
                "\(first.output.suffix(4_000))")
        #expect(first.output.contains("[PONY003 blocking-session-in-async-context]"))
        #expect(first.output.contains("pony-lint App (2 files)"), "the plugin did not run:\n\(first.output.suffix(4_000))")
        #expect(!first.output.contains("error:"), "the build printed errors:\n\(first.output.suffix(4_000))")
        // The plugin's output is compiled as Swift, never copied into a resource bundle.
        #expect(!FileManager.default.fileExists(atPath: Self.scratch.appendingPathComponent("debug/App_App.resources").path))

        // SwiftPM builds a plugin's tools in a planning pass of its own, and the build after one that planned anew
        // links them again, which runs the plugin again (without the plugin, the quick-start package's second
        // build does nothing). From then on, a build that changed nothing does not lint.
        _ = try app.build(scratch: Self.scratch)
        let unchanged = try app.build(scratch: Self.scratch)
        #expect(unchanged.status == 0)
        #expect(!unchanged.output.contains("pony-lint App"), "an unchanged target was linted again:\n\(unchanged.output)")

        try app.write("Handler.swift", handler + "// edited\n")
        let edited = try app.build(scratch: Self.scratch)
        #expect(edited.status == 0)
        #expect(edited.output.contains("pony-lint App (2 files)") && edited.output.contains("[PONY003 blocking-session-in-async-context]"),
                "an edited file was not linted again:\n\(edited.output.suffix(4_000))")

        // An entity returned from its session: PONY004, an error, which fails the build — and every build after
        // it, until it is fixed.
        try app.write("Note.swift", """
            import Pony

            @Entity final class Note {
                var text: String
                init(text: String) { self.text = text }
            }

            func firstNote(_ db: Database) throws -> Note? {
                try db.session { try Note.select().first() }
            }

            """)
        let failing = try app.build(scratch: Self.scratch)
        #expect(failing.status != 0, "an error-severity finding did not fail the build")
        #expect(failing.output.contains("Sources/App/Note.swift:9:22: error:") && failing.output.contains("[PONY004 entity-escapes-session]"),
                "\(failing.output.suffix(4_000))")
        let again = try app.build(scratch: Self.scratch)
        #expect(again.status != 0 && again.output.contains("[PONY004 entity-escapes-session]"),
                "a build after a failed lint did not lint again:\n\(again.output.suffix(4_000))")
    }

    /// The README's ```swift blocks.
    struct ReadmeSwiftBlocks {
        let blocks: [String]

        init() throws {
            let readme = try String(contentsOf: BuildProducts.repository.appendingPathComponent("README.md"), encoding: .utf8)
            blocks = readme.components(separatedBy: "```swift\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
        }

        func block(startingWith prefix: String, _ what: String) throws -> String {
            try #require(blocks.first { $0.hasPrefix(prefix) }, "the README shows no \(what)")
        }

        func block(containing text: String, _ what: String) throws -> String {
            try #require(blocks.first { $0.contains(text) }, "the README shows no \(what)")
        }
    }

    /// A package named App in a temporary folder, with the repository beside it as `../pony-swift` (where the
    /// README's manifests expect the clone), removed when the value is.
    final class NewPackage {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("pony-newcomer-\(UUID().uuidString)")
        var directory: URL { workspace.appendingPathComponent("App") }

        init(manifest: String, files: [String: String]) throws {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("Sources/App"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: workspace.appendingPathComponent("pony-swift"), withDestinationURL: BuildProducts.repository)
            try manifest.write(to: directory.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
            for (name, text) in files { try write(name, text) }
        }

        deinit { try? FileManager.default.removeItem(at: workspace) }

        func write(_ name: String, _ text: String) throws {
            try text.write(to: directory.appendingPathComponent("Sources/App/\(name)"), atomically: true, encoding: .utf8)
        }

        func build(scratch: URL) throws -> (status: Int32, output: String) {
            try NewcomerPackageTests.run("/usr/bin/env", ["swift", "build", "--package-path", directory.path, "--scratch-path", scratch.path])
        }
    }

    /// Runs a command with standard output and error together, from a file so a long build log never blocks.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("pony-newcomer-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PONY_CHECKS"] = nil
        environment["PONY_CHECKS_DISABLE"] = nil
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
