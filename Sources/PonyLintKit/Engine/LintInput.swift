import Foundation

/// One file of a run. Its text is read only when something needs it: a file the cache knows, whose stamp is
/// unchanged, answers the prefilter's questions and gives its check from the cache without being read.
///
/// Each input is used by one thread at a time (the linter hands each to one worker), hence `@unchecked Sendable`.
final class LintInput: @unchecked Sendable {
    let path: String
    /// The file's stamp when the run started, or nil for in-memory sources.
    let stamp: FileStamp?
    /// The cache's record, valid as is: the stamp is unchanged since it was written.
    let known: CachedFile?
    /// The session-opening names `known.mentionedNames` were taken from.
    private let knownNames: Set<String>
    /// A record of an earlier stamp: its check is reused if the content hash is the same.
    private let earlier: CachedFile?
    private(set) var file: SourceFile?
    /// Why the file could not be read, once a read failed.
    private(set) var error: LintError?
    /// What parsing found in this run (or what the cache knew of the same content): set when checked. The
    /// content hash is taken only when a cache needs it (nil until then).
    private var parsed: (contentHash: UInt64?, check: Result<FileCheck, LintError>)?
    private var wordsAnswer: Bool?

    /// An in-memory source.
    init(_ file: SourceFile) {
        path = file.path
        stamp = nil
        known = nil
        knownNames = []
        earlier = nil
        self.file = file
    }

    /// A file on disk with its stamp (nil if it could not be taken): read now unless the cache's record for it
    /// is still valid.
    init(path: String, stamp: FileStamp?, record: CachedFile?, names: Set<String>) {
        self.path = path
        self.stamp = stamp
        if let record, let stamp, record.stamp == stamp {
            known = record
            earlier = nil
        } else {
            known = nil
            earlier = record
        }
        knownNames = names
        if known == nil { load() }
    }

    /// Whether the text contains any of `words`, the spellings that make a file worth parsing on its own.
    func mentions(words: [String]) -> Bool {
        if let wordsAnswer { return wordsAnswer }
        let answer = if let known, file == nil { known.mentionsWords } else { load()?.mentions(words) ?? false }
        wordsAnswer = answer
        return answer
    }

    /// Whether the text mentions any of the names of functions found to open sessions.
    func mentions(names: Set<String>) -> Bool {
        if let known, file == nil, names.isSubset(of: knownNames) {
            return known.mentionedNames?.contains(where: names.contains) ?? false
        }
        return load()?.mentions(names) ?? false
    }

    /// The file's check, or why it is not parsed; nil when it cannot be read. A check the cache knows for this
    /// content comes from `archive`; otherwise `walk` parses and walks the text.
    func check(archive: CheckArchive, _ walk: (SourceFile) -> Result<FileCheck, LintError>) -> Result<FileCheck, LintError>? {
        if let known, file == nil, let record = known.parsed, let check = recorded(record, in: archive) {
            return check
        }
        guard let file = load() else { return nil }
        // Without records there is nothing to compare with: a run without a cache never hashes.
        let records = [known, earlier].compactMap { $0?.parsed }
        let hash = records.isEmpty ? nil : ContentHash.of(file.text)
        for record in records where record.contentHash == hash {
            if let check = recorded(record, in: archive) { return check }
        }
        let check = walk(file)
        parsed = (hash, check)
        return check
    }

    /// What the cache knows of a parsed content, if the archive still has its check.
    private func recorded(_ record: ParsedFile, in archive: CheckArchive) -> Result<FileCheck, LintError>? {
        let check: Result<FileCheck, LintError>
        if let message = record.unparsable {
            check = .failure(.input(path: path, message: message))
        } else if let decoded = archive.check(path: path, contentHash: record.contentHash) {
            check = .success(decoded)
        } else {
            return nil
        }
        parsed = (record.contentHash, check)
        return check
    }

    /// What the cache should know of the file after this run; nil when the file has no stamp or could not be
    /// read. `names` are the run's session-opening names, `findings` the file's findings. A check to keep is
    /// added to `checks`, encoded (taken from `archive` when it came from there).
    func record(
        words: [String], names: Set<String>, findings: [Finding], settledBefore now: Int64, archive: CheckArchive,
        checks: inout [String: Data]
    ) -> CachedFile? {
        guard let stamp, error == nil else { return nil }
        let mentionsWords = mentions(words: words)
        var result: ParsedFile?
        if let parsed, let hash = parsed.contentHash ?? file.map({ ContentHash.of($0.text) }) {
            switch parsed.check {
            case .success(let check):
                guard let data = archive.encodedCheck(path: path, contentHash: hash)
                    ?? (try? JSONEncoder().encode(check)) else { return nil }
                checks[CheckArchive.key(path: path, contentHash: hash)] = data
                result = ParsedFile(contentHash: hash, unparsable: nil, findings: findings)
            case .failure(let problem):
                guard case .input(_, let message) = problem else { return nil }
                result = ParsedFile(contentHash: hash, unparsable: message, findings: [])
            }
        } else if file == nil, let record = known?.parsed {
            // Not needed this run and not read: what the cache knew of it still holds, if its check is kept.
            if record.unparsable == nil {
                guard let data = archive.encodedCheck(path: path, contentHash: record.contentHash) else { return nil }
                checks[CheckArchive.key(path: path, contentHash: record.contentHash)] = data
            }
            result = record
        }
        // A file never parsed mentions none of the final names (the last round would have taken it); for one
        // parsed though it spells no session API, the names that brought it in decide the next run.
        var mentionedNames: [String]?
        if !mentionsWords, result != nil {
            guard let named = mentioned(names.sorted()) else { return nil }
            mentionedNames = named.isEmpty ? nil : named
        }
        return CachedFile(
            stamp: stamp.isSettled(at: now) ? stamp : nil, mentionsWords: mentionsWords, mentionedNames: mentionedNames,
            parsed: result)
    }

    /// Which of `names` the text mentions, or nil when it cannot be read.
    private func mentioned(_ names: [String]) -> [String]? {
        if let known, file == nil, Set(names).isSubset(of: knownNames) {
            return names.filter { known.mentionedNames?.contains($0) ?? false }
        }
        guard let file = load() else { return nil }
        return names.filter { file.mentions([$0]) }
    }

    /// Reads the text once; a failure is kept in ``error``.
    @discardableResult
    private func load() -> SourceFile? {
        if let file { return file }
        guard error == nil else { return nil }
        do {
            file = try Linter.read(path)
        } catch {
            self.error = error
        }
        return file
    }
}
