import Foundation

/// Paths in this repository, found from this file's location.
enum RepositoryFiles {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = root.appendingPathComponent("Rules")
    static let sources = root.appendingPathComponent("Sources")

    /// Every `.swift` file under `directory`, with its text.
    static func swiftFiles(under directory: URL) -> [(path: String, text: String)] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var files: [(String, String)] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            files.append((url.path, text))
        }
        return files.sorted { $0.0 < $1.0 }
    }
}
