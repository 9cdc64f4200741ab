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

    /// The changes the findings' fixes make, file by file, reading each file from disk. Overlapping edits keep the
    /// first.
    public func changes(for findings: [Finding]) throws -> [Change] {
        let byFile = Dictionary(grouping: findings.filter { $0.fix != nil }, by: \.file)
        return try byFile.keys.sorted().compactMap { path in
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw LintError.input(path: path, message: "cannot read the file to fix it")
            }
            return try change(of: text, at: path, applying: byFile[path]!)
        }
    }

    /// The change the fixes of `findings` (all of the file at `path`) make to `text`, or `nil` if they change
    /// nothing. Throws if an edit does not fit the text (the file changed since it was linted).
    public func change(of text: String, at path: String, applying findings: [Finding]) throws -> Change? {
        var accepted: [Fix.Edit] = []
        for edit in findings.compactMap(\.fix).flatMap(\.edits).sorted(by: { $0.offset < $1.offset })
        where accepted.last.map({ $0.offset + $0.length <= edit.offset && $0.offset != edit.offset }) ?? true {
            accepted.append(edit)
        }
        var bytes = Array(text.utf8)
        for edit in accepted.reversed() {
            guard edit.offset >= 0, edit.length >= 0, edit.offset + edit.length <= bytes.count else {
                throw LintError.input(
                    path: path,
                    message: "a fix replaces bytes \(edit.offset)..<\(edit.offset + edit.length) of a \(bytes.count)-byte file; lint it again")
            }
            bytes.replaceSubrange(edit.offset..<(edit.offset + edit.length), with: Array(edit.replacement.utf8))
        }
        let fixed = String(decoding: bytes, as: UTF8.self)
        return fixed == text ? nil : Change(path: path, original: text, fixed: fixed, fixCount: accepted.count)
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
