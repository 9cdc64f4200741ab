import Foundation

/// The Swift files under a folder, as every linter contender sees them.
struct SourceCorpus: Sendable {
    let root: String
    /// Paths of the `*.swift` files, sorted.
    let files: [String]
    /// Their total size.
    let bytes: Int

    enum Failure: Error, CustomStringConvertible {
        case missing(String)
        case empty(String)
        var description: String {
            switch self {
            case .missing(let root): "corpus folder '\(root)' does not exist (Benchmarks/run.sh prepares it)"
            case .empty(let root): "corpus folder '\(root)' holds no .swift files"
            }
        }
    }

    init(root: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure.missing(root)
        }
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        var bytes = 0
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".swift") else { continue }
            let path = "\(root)/\(relative)"
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
                  (enumerator?.fileAttributes?[.type] as? FileAttributeType) == .typeRegular
            else { continue }
            files.append(path)
            bytes += size
        }
        guard !files.isEmpty else { throw Failure.empty(root) }
        self.root = root
        self.files = files.sorted()
        self.bytes = bytes
    }

    /// "2,595 files, 43.1 MB"
    var summary: String {
        "\(files.count.formatted()) files, \(String(format: "%.1f", Double(bytes) / 1_048_576)) MB"
    }
}
