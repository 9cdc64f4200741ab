import Foundation

/// Runs the built `pony-lint` executable, as a user would.
enum PonyLintCLI {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("pony-lint")
    static let expected = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected")

    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    /// Runs pony-lint with `arguments` in `directory` (the repository by default).
    static func run(_ arguments: [String], in directory: URL = repository, input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // The default cache folder, but this test process's own: tests never touch the user's cache.
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["PONY_LINT_CACHE_DIR": scratchFolder.appendingPathComponent("cache").path]) { _, new in new }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }

    /// The text of a golden file in `Tests/PonyLintTests/Expected`.
    static func golden(_ name: String) throws -> String {
        try String(contentsOf: expected.appendingPathComponent(name), encoding: .utf8)
    }

    /// This test process's scratch folder, removed when the process exits.
    static let scratchFolder: URL = {
        atexit { try? FileManager.default.removeItem(at: PonyLintCLI.scratchFolder) }
        return FileManager.default.temporaryDirectory.appendingPathComponent("pony-lint-tests-\(getpid())-\(UUID().uuidString)")
    }()

    /// A fresh directory inside ``scratchFolder``.
    static func temporaryDirectory() throws -> URL {
        let url = scratchFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
