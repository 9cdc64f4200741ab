import Foundation

/// Turns the paths given on the command line into the Swift files to lint.
///
/// Directories are walked recursively for `*.swift`, skipping hidden directories, SwiftPM's `.build`
/// folders and excluded paths; files named explicitly are always linted.
struct SourceCollector: Sendable {
    let filter: PathFilter
    /// How many directories are walked at once.
    var jobs = 1

    /// A file to lint, with its stamp as the walk found it (nil for a file named on the command line: the
    /// linter takes it when it reads the file).
    struct File: Sendable {
        let path: String
        let stamp: FileStamp?
    }

    /// The files, sorted, and an error for each path that does not exist.
    func collect(_ paths: [String]) -> (files: [File], errors: [LintError]) {
        var files: [File] = []
        var errors: [LintError] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(.input(path: path, message: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                files += walk(path)
            } else {
                files.append(File(path: path, stamp: nil))
            }
        }
        // One directory's walk names each file once; only several paths can name a file twice (`Sources Sources/A`).
        files.sort { $0.path < $1.path }
        guard paths.count > 1 else { return (files, errors) }
        var seen: Set<String> = []
        return (files.filter { seen.insert(URL(fileURLWithPath: $0.path).standardizedFileURL.path).inserted }, errors)
    }

    /// The Swift files under `directory`; its subdirectories are walked on up to ``jobs`` threads (on a large
    /// tree, listing directories takes as long as everything else a cached run does).
    private func walk(_ directory: String) -> [File] {
        var files: [File] = []
        var directories: [String] = []
        list(directory, files: &files, directories: &directories)
        return files + directories.parallelMap(jobs: jobs) { subdirectory in
            var files: [File] = []
            walk(subdirectory, into: &files)
            return files
        }.flatMap { $0 }
    }

    private func walk(_ directory: String, into files: inout [File]) {
        var directories: [String] = []
        list(directory, files: &files, directories: &directories)
        for subdirectory in directories { walk(subdirectory, into: &files) }
    }

    /// The Swift files of one directory and the subdirectories to walk.
    private func list(_ directory: String, files: inout [File], directories: inout [String]) {
        for (name, kind, stamp) in DirectoryListing.entries(of: directory, stamping: { $0.hasSuffix(".swift") }) {
            let path = directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
            switch kind {
            case .directory:
                if !name.hasPrefix("."), !filter.isExcluded(path) { directories.append(path) }
            case .file:
                if name.hasSuffix(".swift"), filter.includes(path) { files.append(File(path: path, stamp: stamp)) }
            case .symbolicLinkToDirectory, .other:
                // Linked directories are not followed (they could loop or leave the project).
                continue
            }
        }
    }
}
