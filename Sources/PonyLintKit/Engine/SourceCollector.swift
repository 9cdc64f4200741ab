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
        // One directory's walk names each file once, in order; only several paths can name a file twice
        // (`Sources Sources/A`).
        guard paths.count > 1 else { return (files, errors) }
        files.sort { $0.path < $1.path }
        var seen: Set<String> = []
        return (files.filter { seen.insert(URL(fileURLWithPath: $0.path).standardizedFileURL.path).inserted }, errors)
    }

    /// The Swift files under `directory`, sorted by path; its subdirectories are walked (and their files
    /// sorted) on up to ``jobs`` threads: on a large tree, listing directories takes as long as everything else
    /// a cached run does.
    private func walk(_ directory: String) -> [File] {
        guard let listing = DirectoryListing(path: directory, stamping: Self.isSwiftFile) else { return [] }
        var files: [File] = []
        var subdirectories: [(name: String, path: String)] = []
        list(listing, at: directory, files: &files, directories: &subdirectories)
        let walked = subdirectories.parallelMap(jobs: jobs) { subdirectory in
            var files: [File] = []
            walk(subdirectory.name, in: listing, at: subdirectory.path, into: &files)
            return files.sorted { $0.path < $1.path }
        }
        // The files below `dir/name/` all sort together, where `dir/name/` itself sorts among the other
        // subdirectories and files: ordering those blocks orders every file.
        let blocks: [(key: String, files: [File])] =
            files.map { ($0.path, [$0]) } + zip(subdirectories, walked).map { ($0.path + "/", $1) }
        return blocks.sorted { $0.key < $1.key }.flatMap(\.files)
    }

    /// Walks the subdirectory `name` of `parent`, whose path is `path`; the parent stays open meanwhile.
    private func walk(_ name: String, in parent: DirectoryListing, at path: String, into files: inout [File]) {
        guard let listing = DirectoryListing(name: name, in: parent, stamping: Self.isSwiftFile) else { return }
        var subdirectories: [(name: String, path: String)] = []
        list(listing, at: path, files: &files, directories: &subdirectories)
        for subdirectory in subdirectories { walk(subdirectory.name, in: listing, at: subdirectory.path, into: &files) }
    }

    /// Only Swift files are linted, so only they are stamped.
    private static func isSwiftFile(_ name: String) -> Bool { name.hasSuffix(".swift") }

    /// The Swift files of one directory and the subdirectories to walk.
    private func list(
        _ listing: DirectoryListing, at directory: String, files: inout [File], directories: inout [(name: String, path: String)]
    ) {
        let prefix = directory == "." ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
        for entry in listing.entries {
            let name = entry.name
            switch entry.kind {
            case .directory:
                guard !name.hasPrefix(".") else { continue }
                let path = prefix + name
                if !filter.isExcluded(path) { directories.append((name, path)) }
            case .file:
                guard Self.isSwiftFile(name) else { continue }
                let path = prefix + name
                if filter.includes(path) { files.append(File(path: path, stamp: entry.stamp)) }
            case .symbolicLinkToDirectory, .other:
                // Linked directories are not followed (they could loop or leave the project).
                continue
            }
        }
    }
}
