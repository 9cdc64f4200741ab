import Foundation
import Testing

/// Executables of this package that tests run: found next to the test binary (SwiftPM puts every product of a
/// build in one folder). On a developer's machine a test that needs one may skip; under `CI=true` it runs and
/// fails when the product is missing.
///
/// ```swift
/// @Test(.enabled(if: BuildProducts.isAvailable("FixedExample"), BuildProducts.skipNote("FixedExample")))
/// func runsClean() throws {
///     let run = try BuildProducts.run("FixedExample")
///     #expect(run.status == 0)
/// }
/// ```
public enum BuildProducts {
    /// The folder of the running test binary, where SwiftPM puts every product of the same build.
    public static let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    /// The root of this repository.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// In CI a missing product is a failure, never a skip.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether a test that needs `name` should run: the product exists, or this is CI (where it must).
    public static func isAvailable(_ name: String) -> Bool {
        isRequired || FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent(name).path)
    }

    /// Why such a test is skipped on a developer's machine.
    public static func skipNote(_ name: String) -> Comment {
        "needs the \(name) executable next to the test binary (swift build --build-tests)"
    }

    /// What a product printed and how it ended.
    public struct Run: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
    }

    /// Runs a product to completion with the debug defaults (runtime checks trapping, no backtrace), but for
    /// the variables in `environment`.
    public static func run(_ name: String, arguments: [String] = [], environment overrides: [String: String] = [:]) throws -> Run {
        let executable = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw MissingProduct(path: executable.path)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PONY_CHECKS"] = nil
        environment["PONY_CHECKS_DISABLE"] = nil
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment.merge(overrides) { _, override in override }
        process.environment = environment
        // Standard error goes to a file, so a chatty program never blocks on a full pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("pony-\(name)-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: FileHandle(forReadingAtPath: errorFile.path)?.readDataToEndOfFile() ?? Data(), as: UTF8.self))
    }

    public struct MissingProduct: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "\(path) does not exist: build the package (swift build --build-tests) first" }
    }
}
