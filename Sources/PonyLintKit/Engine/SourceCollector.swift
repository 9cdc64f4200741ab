import Foundation

/// Turns the paths given on the command line into the Swift files to lint.
///
/// Directories are walked recursively for `*.swift`, skipping hidden directories, SwiftPM's `.build`
/// folders and excluded paths; files named explicitly are always linted.
struct SourceCollector {
    let filter: PathFilter

    /// The files, sorted, and an error for each path that does not exist.
    func collect(_ paths: [String]) -> (files: [String], errors: [LintError]) {
        var files: [String] = []
        var errors: [LintError] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(.input(path: path, message: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                walk(path, into: &files)
            } else {
                files.append(path)
            }
        }
        var seen: Set<String> = []
        return (files.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }.sorted(), errors)
    }

    private func walk(_ directory: String, into files: inout [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() {
            let path = directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                guard !name.hasPrefix("."), !isSymbolicLink(path), !filter.isExcluded(path) else { continue }
                walk(path, into: &files)
            } else if name.hasSuffix(".swift"), filter.includes(path) {
                files.append(path)
            }
        }
    }

    private func isSymbolicLink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }
}
