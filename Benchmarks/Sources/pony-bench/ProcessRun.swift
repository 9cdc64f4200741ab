import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of an external program: its wall time, its CPU time and its peak memory.
///
/// The program runs under `peak-rss` (built next to pony-bench), which reports the program's own peak RSS:
/// `wait4` here would report this process's peak instead (see Sources/peak-rss/main.c). Wall time is taken
/// here and includes the helper's fork (well under a millisecond).
struct ProcessRun: Sendable {
    let status: Int32
    let wall: Double
    let userCPU: Double
    let systemCPU: Double
    /// Peak resident set size, in bytes.
    let maxResident: Int

    enum Failure: Error, CustomStringConvertible {
        case cannotStart(String, Int32)
        case noPeakMemory(String)
        var description: String {
            switch self {
            case .cannotStart(let program, let code): "cannot start \(program): \(String(cString: strerror(code)))"
            case .noPeakMemory(let program):
                "peak-rss reported no peak memory for \(program) (is peak-rss built next to pony-bench? swift build --product peak-rss)"
            }
        }
    }

    /// `peak-rss`, next to this executable.
    static let peakRSS: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("peak-rss").path
    }()

    /// Runs `arguments[0]` with standard output and error sent to /dev/null (or standard output to `output`), in this
    /// process's environment with `environment` added.
    static func run(_ arguments: [String], output: String? = nil, environment: [String: String] = [:]) throws -> ProcessRun {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("pony-bench-rss-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        guard FileManager.default.isExecutableFile(atPath: peakRSS) else { throw Failure.cannotStart(peakRSS, ENOENT) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let environmentStrings = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        var argv = ([peakRSS, report] + arguments).map { strdup($0) } + [nil]
        var envp = environmentStrings.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let code = posix_spawn(&pid, peakRSS, &actions, nil, &argv, &envp)
        guard code == 0 else { throw Failure.cannotStart(peakRSS, code) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let wall = (ContinuousClock.now - start).seconds
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard let kilobytes = (try? String(contentsOfFile: report, encoding: .utf8))
            .flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else { throw Failure.noPeakMemory(arguments[0]) }
        return ProcessRun(
            status: exitStatus, wall: wall,
            userCPU: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            systemCPU: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
            maxResident: kilobytes * 1024)
    }
}
