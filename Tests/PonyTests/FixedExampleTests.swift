import Foundation
import Testing

/// `Examples/Fixed` — every misuse of `Examples/Misuse`, fixed — runs to the end with the runtime checks
/// trapping, so it commits no session misuse the checks can see.
@Suite("Examples/Fixed")
struct FixedExampleTests {
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("FixedExample")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path), "needs the FixedExample executable next to the test binary"))
    func runsCleanWithRuntimeChecksTrapping() throws {
        let process = Process()
        process.executableURL = Self.executable
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(!stderr.contains("Pony runtime check failed"))
        #expect(stdout == "Examples/Fixed ran clean with runtime checks trapping: (\"Ann Lee\", 2, 1, true)\n")
    }
}
