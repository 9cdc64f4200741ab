import Foundation
import PonyTestSupport
import Testing

/// A newcomer's first hour, automated: a new package made from the README alone — its manifest snippet, with
/// this repository as the clone beside it, and its quick start as `main.swift` — builds with `swift build` and
/// runs clean with the runtime checks trapping, without building or linking the PostgreSQL provider.
///
/// It builds swift-syntax for the macros from scratch (minutes on 2 cores), so it runs only when
/// `PONY_NEWCOMER_TEST=1`: `scripts/test` runs it in a pass of its own after the other tests. Its build
/// folder, `.build-newcomer/`, is kept between runs on a developer's machine.
@Suite("A new package made from the README")
struct NewcomerPackageTests {
    static let isEnabled = ProcessInfo.processInfo.environment["PONY_NEWCOMER_TEST"] == "1"

    @Test(.enabled(if: isEnabled, "builds a package from scratch; set PONY_NEWCOMER_TEST=1 (scripts/test does)"),
          .timeLimit(.minutes(30)))
    func buildsAndRunsTheQuickStart() throws {
        let readme = try String(contentsOf: BuildProducts.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
        let manifest = try #require(blocks.first { $0.hasPrefix("// swift-tools-version") }, "the README shows no package manifest")
        let quickStart = try #require(blocks.first { $0.hasPrefix("import Pony\n") }, "the README shows no quick start")

        // The manifest expects the clone at ../pony-swift.
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("pony-newcomer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: workspace) }
        let app = workspace.appendingPathComponent("App")
        try FileManager.default.createDirectory(at: app.appendingPathComponent("Sources/App"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: workspace.appendingPathComponent("pony-swift"), withDestinationURL: BuildProducts.repository)
        try manifest.write(to: app.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try quickStart.write(to: app.appendingPathComponent("Sources/App/main.swift"), atomically: true, encoding: .utf8)

        let scratch = BuildProducts.repository.appendingPathComponent(".build-newcomer")
        let build = try Self.run("/usr/bin/env", ["swift", "build", "--package-path", app.path, "--scratch-path", scratch.path])
        #expect(build.status == 0, "swift build failed:\n\(build.output.suffix(4_000))")
        guard build.status == 0 else { return }

        let executable = scratch.appendingPathComponent("debug/App")
        let run = try Self.run(executable.path, [])
        #expect(run.status == 0 && run.output == "[\"Ann\"]\n1\n", "the quick start printed:\n\(run.output)")

        // A program that uses only SQLite neither builds the PostgreSQL provider nor links libpq.
        // (SwiftPM makes a folder for every target it plans; only a built one has object files.)
        let provider = (try? FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("debug/PonyPostgreSQL.build").path)) ?? []
        #expect(!provider.contains { $0.hasSuffix(".o") }, "PonyPostgreSQL was compiled: \(provider)")
        let libraries = try Self.run("/usr/bin/ldd", [executable.path])
        #expect(libraries.status == 0 && libraries.output.contains("libsqlite3") && !libraries.output.contains("libpq"), "\(libraries.output)")
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
