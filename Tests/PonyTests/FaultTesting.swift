import Foundation
import Pony
import Testing

/// A new empty folder under the temporary directory, for a test's database files; readable by everyone, so
/// that a child process running as another user (see ``dropRootPrivileges()``) can reach files in it.
func temporaryFolder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appending(path: "pony-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    return folder
}

/// File permissions do not bind root: a process running as root becomes the `nobody` user, so that a read-only
/// file or folder is read-only to it. Returns false when it could not.
func dropRootPrivileges() -> Bool {
    guard getuid() == 0 else { return true }
    return setgid(65534) == 0 && setuid(65534) == 0
}

/// Writes `line` and a newline to standard output at once, unbuffered: what a child process wrote before it
/// was killed is all in the pipe.
func writeLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Ends a child process: successfully when `error` is a ``PonyError/databaseFile(path:problem:message:sql:)``
/// for `path` with one of `problems`, otherwise with a failure that writes the error to standard error.
func exitChild(if error: any Error, is problems: Set<DatabaseFileProblem>, at path: String) -> Never {
    if case PonyError.databaseFile(let errorPath, let problem, _, _) = error, errorPath == path, problems.contains(problem) {
        exit(0)
    }
    failChild("\(error)")
}

/// Ends a child process with a failure, writing `message` after ``childFailure`` to standard error.
func failChild(_ message: String) -> Never {
    FileHandle.standardError.write(Data((childFailure + message + "\n").utf8))
    exit(1)
}

/// What ``failChild(_:)`` writes before its message.
let childFailure = "child process failed: "

/// The failure a child process reported with ``failChild(_:)``, or nil when it reported none.
func childFailure(in result: ExitTest.Result?) -> String? {
    let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    guard let range = text.range(of: childFailure) else { return nil }
    return String(text[range.upperBound...])
}

/// Waits until a file exists at `path` (another process's signal), at most 10 seconds; false when it never did.
func waitForFile(_ path: String) -> Bool {
    let deadline = ContinuousClock.now + .seconds(10)
    while !FileManager.default.fileExists(atPath: path) {
        if ContinuousClock.now > deadline { return false }
        usleep(1_000)
    }
    return true
}
