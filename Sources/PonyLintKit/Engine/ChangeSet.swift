import Foundation

/// The files changed since a git revision, and their text at that revision, for `--changed-since REF`: the
/// linter reports only these files and the files whose findings depend on them.
///
/// ```swift
/// let changes = try ChangeSet.since("origin/main")
/// let report = linter.lint(paths: ["Sources"], reportingChanges: changes)
/// ```
///
/// "Changed" is what `git diff REF` shows in the working tree (staged or not, renames as a deletion and an
/// addition) plus untracked files that are not ignored.
public struct ChangeSet: Sendable {
    /// Absolute paths, symbolic links resolved.
    public let changed: Set<String>
    /// The text each changed file had at the revision (absent for a file added since).
    public let previousTexts: [String: String]

    public init(changed: Set<String>, previousTexts: [String: String]) {
        self.changed = changed
        self.previousTexts = previousTexts
    }

    /// The changes between `revision` and the working tree of the git repository that holds `directory`.
    public static func since(_ revision: String, in directory: String = FileManager.default.currentDirectoryPath) throws(LintError) -> ChangeSet {
        let root = try Git(directory: canonical(directory)).run(["rev-parse", "--show-toplevel"], what: "find the git repository")
            .trimmingCharacters(in: .newlines)
        let rootGit = Git(directory: root)
        _ = try rootGit.run(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], what: "find '\(revision)'", revision: revision)
        let modified = try rootGit.run(["diff", "--name-only", "-z", "--no-renames", revision, "--"], what: "list the changes since \(revision)")
        let untracked = try rootGit.run(["ls-files", "--others", "--exclude-standard", "-z"], what: "list untracked files")
        let relative = (modified + untracked).split(separator: "\0").map(String.init)
        var changed: Set<String> = []
        var previous: [String: String] = [:]
        for path in relative where path.hasSuffix(".swift") {
            let absolute = canonical(root + "/" + path)
            changed.insert(absolute)
            // A file added since the revision has no earlier text; `git show` fails for it.
            if let text = try? rootGit.run(["show", "\(revision):\(path)"], what: "read \(path) at \(revision)") {
                previous[absolute] = text
            }
        }
        return ChangeSet(changed: changed, previousTexts: previous)
    }

    /// The absolute path with symbolic links resolved, as changes are compared.
    static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// Runs git in a directory and returns its standard output; a failure says what could not be done.
private struct Git {
    let directory: String

    func run(_ arguments: [String], what: String, revision: String? = nil) throws(LintError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do {
            try process.run()
        } catch {
            throw LintError.input(path: directory, message: "cannot run git to \(what): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if let revision {
                throw LintError.input(path: directory, message: "--changed-since '\(revision)' is not a revision of this git repository")
            }
            let reason = message.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw LintError.input(path: directory, message: "cannot \(what): \(reason)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
