import Foundation

/// Reads whole files for the linter, with errors that say why a file could not be read.
enum FileReading {
    static func data(at path: String, what: String = "the file") throws(LintError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LintError.input(path: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw LintError.input(path: path, message: "is a directory, not \(what)")
        }
        // FileHandle also reads devices such as /dev/null, which Data(contentsOf:) rejects on Linux.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw LintError.input(path: path, message: "cannot read \(what) (permission denied or unreadable)")
        }
        try? handle.close()
        return data
    }
}
