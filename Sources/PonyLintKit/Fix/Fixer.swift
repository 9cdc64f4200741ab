import Foundation

/// Applies the fixes attached to findings: PONY003's `try db.session {` → `try await db.session {` where
/// `await` is allowed, and PONY006's missing `defer { s.close() }`.
public struct Fixer {
    /// One file's change.
    public struct Change: Sendable {
        public let path: String
        public let original: String
        public let fixed: String
        public let fixCount: Int

        /// The change as a unified diff.
        public var diff: String { UnifiedDiff.render(old: original, new: fixed, path: path) }
    }

    public init() {}

    /// The changes the findings' fixes make, file by file. Overlapping edits keep the first.
    public func changes(for findings: [Finding]) throws -> [Change] {
        let byFile = Dictionary(grouping: findings.filter { $0.fix != nil }, by: \.file)
        return try byFile.keys.sorted().compactMap { path in
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw LintError.input(path: path, message: "cannot read the file to fix it")
            }
            var edits = byFile[path]!.flatMap { $0.fix!.edits }.sorted { $0.offset < $1.offset }
            var accepted: [Fix.Edit] = []
            for edit in edits where accepted.last.map({ $0.offset + $0.length <= edit.offset && $0.offset != edit.offset }) ?? true {
                accepted.append(edit)
            }
            edits = accepted
            var bytes = Array(text.utf8)
            for edit in edits.reversed() {
                bytes.replaceSubrange(edit.offset..<(edit.offset + edit.length), with: Array(edit.replacement.utf8))
            }
            let fixed = String(decoding: bytes, as: UTF8.self)
            return fixed == text ? nil : Change(path: path, original: text, fixed: fixed, fixCount: edits.count)
        }
    }

    /// Writes the changes to disk.
    public func apply(_ changes: [Change]) throws {
        for change in changes {
            do {
                try Data(change.fixed.utf8).write(to: URL(fileURLWithPath: change.path), options: .atomic)
            } catch {
                throw LintError.input(path: change.path, message: "cannot write the fixed file: \(error.localizedDescription)")
            }
        }
    }
}
