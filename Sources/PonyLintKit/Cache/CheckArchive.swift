import Foundation
import PonyLocks

/// The walked checks of a cache's parsed files (facts, findings, deferred findings, directives), kept in a file
/// beside the records: a run with nothing changed repeats the recorded findings and never reads it; a run where
/// something changed reads it once, to decide again the findings that depend on other files without parsing
/// the unchanged files.
///
/// Checks are found by path and content hash, so an archive written by another run never answers for content
/// it did not see: the worst a stale one does is miss.
final class CheckArchive: Sendable {
    private let path: String?
    private let entries = LockedValue<[String: Data]?>(nil)

    /// The archive at `path` (read when first asked), or an empty one.
    init(path: String?) {
        self.path = path
    }

    static func key(path: String, contentHash: UInt64) -> String {
        String(contentHash, radix: 16) + " " + path
    }

    /// The encoded check of `path` with this content, if the archive has it.
    func encodedCheck(path file: String, contentHash: UInt64) -> Data? {
        entries.withLock { entries in
            if entries == nil {
                entries = path.flatMap { FileManager.default.contents(atPath: $0) }
                    .flatMap { try? PropertyListDecoder().decode([String: Data].self, from: $0) } ?? [:]
            }
            return entries?[Self.key(path: file, contentHash: contentHash)]
        }
    }

    /// The check of `path` with this content, if the archive has it and it decodes.
    func check(path file: String, contentHash: UInt64) -> FileCheck? {
        encodedCheck(path: file, contentHash: contentHash).flatMap { try? JSONDecoder().decode(FileCheck.self, from: $0) }
    }
}
