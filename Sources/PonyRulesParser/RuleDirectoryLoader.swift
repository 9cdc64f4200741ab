import Foundation

/// Loads every `*.md` file of a `Rules/` directory, sorted by rule ID, and checks the set as a whole.
///
/// ```swift
/// let documents = try RuleDirectoryLoader.load(URL(filePath: "Rules"))
/// ```
public enum RuleDirectoryLoader {
    public static func load(_ directory: URL) throws -> [RuleDocument] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw RuleDocumentError(fileName: directory.path, message: "cannot list the rules directory: \(error.localizedDescription)")
        }
        let documents = try names.filter { $0.hasSuffix(".md") }.sorted().map { name in
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw RuleDocumentError(fileName: url.path, message: "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RuleDocumentError(fileName: url.path, message: "the file is not UTF-8")
            }
            return try RuleDocumentParser.parse(text, fileName: name)
        }
        if documents.isEmpty {
            throw RuleDocumentError(fileName: directory.path, message: "no rule files (*.md) found")
        }
        var seenNames: [String: String] = [:]
        for document in documents {
            let name = document.frontMatter.name
            if let other = seenNames[name] {
                throw RuleDocumentError(fileName: document.fileName, message: "name '\(name)' is already used by \(other)")
            }
            seenNames[name] = document.fileName
        }
        return documents
    }
}
