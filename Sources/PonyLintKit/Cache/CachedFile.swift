import Foundation

/// What the cache knows of one file: enough to skip reading it while its stamp is unchanged, to skip parsing it
/// while its content is unchanged, and to repeat its findings while no file of the run changed.
struct CachedFile: Sendable {
    /// The file's stamp when it was recorded, or nil when it had changed too recently to be trusted
    /// (``FileStamp/isSettled(at:)``): then the next run reads the file and compares its content hash.
    var stamp: FileStamp?
    /// Whether the text spells the session API or a `pony-lint:` directive: then it is always parsed.
    var mentionsWords: Bool
    /// For a parsed file that does not: which of the cache's session-opening names it mentions (those decide
    /// whether it is parsed). Nil for none.
    var mentionedNames: [String]?
    /// What parsing found, or nil when the file was not parsed (nothing in it could matter).
    var parsed: ParsedFile?
}

/// A parsed file's result, for the content with this hash. Its ``FileCheck`` is kept apart, in the
/// ``CheckArchive``, and read only when some file of the run changed.
struct ParsedFile: Codable, Sendable {
    let contentHash: UInt64
    /// Why the file is not parsed (``SquareBracketNesting``), when it is not.
    let unparsable: String?
    /// The file's findings in the run that recorded it, repeated while no file changes.
    let findings: [Finding]
}

/// One cache file: the records of one set of lint targets under one configuration and one build of pony-lint.
///
/// A project has thousands of files that are never parsed, and a warm run must read their records faster than
/// it could read the files, so the records are stored in columns (all paths in one string, all stamps in one
/// block of bytes, flags in another) rather than one keyed record per file: decoding 15,000 keyed records took
/// 0.12 s, the columns a few milliseconds. Only parsed files carry a full record, and their checks are in a file
/// of their own.
struct CacheContents: Sendable {
    /// Bumped when the layout changes; a file of another format is ignored.
    static let currentFormat = 2

    var format = currentFormat
    /// The tool, configuration and targets the records are valid for (the file name is its hash; this guards
    /// against a collision).
    var identity: String
    /// The functions found to open sessions when it was written; ``CachedFile/mentionedNames`` are among them.
    var sessionOpeningNames: [String]
    var files: [String: CachedFile]
}

extension CacheContents: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, identity, sessionOpeningNames, paths, stamps, flags, mentionedNames, parsed
    }

    /// Bytes per stamp in the `stamps` column: four little-endian 64-bit numbers.
    private static let stampSize = 32
    /// Bits of the `flags` column, a byte per file.
    private static let hasStamp: UInt8 = 1
    private static let mentionsWords: UInt8 = 2

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(Int.self, forKey: .format)
        guard format == Self.currentFormat else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: container, debugDescription: "format \(format)")
        }
        identity = try container.decode(String.self, forKey: .identity)
        sessionOpeningNames = try container.decode([String].self, forKey: .sessionOpeningNames)
        let paths = Self.paths(in: try container.decode(Data.self, forKey: .paths))
        let stamps = try container.decode(Data.self, forKey: .stamps)
        let flags = try container.decode(Data.self, forKey: .flags)
        let mentioned = try container.decode([Int: [String]].self, forKey: .mentionedNames)
        let parsed = try container.decode([Int: ParsedFile].self, forKey: .parsed)
        guard stamps.count == paths.count * Self.stampSize, flags.count == paths.count else {
            throw DecodingError.dataCorruptedError(forKey: .stamps, in: container, debugDescription: "columns of unequal length")
        }
        var files: [String: CachedFile] = [:]
        files.reserveCapacity(paths.count)
        stamps.withUnsafeBytes { stamps in
            for (index, path) in paths.enumerated() {
                let base = index * Self.stampSize
                func number(_ field: Int) -> UInt64 {
                    UInt64(littleEndian: stamps.loadUnaligned(fromByteOffset: base + field * 8, as: UInt64.self))
                }
                let stamp = FileStamp(modified: Int64(bitPattern: number(0)), size: Int64(bitPattern: number(1)), inode: number(2), device: number(3))
                let flag = flags[flags.startIndex + index]
                files[path] = CachedFile(
                    stamp: flag & Self.hasStamp != 0 ? stamp : nil, mentionsWords: flag & Self.mentionsWords != 0,
                    mentionedNames: mentioned[index], parsed: parsed[index])
            }
        }
        self.files = files
    }

    /// The paths of the `paths` column: UTF-8, one per line. Stored as bytes, not a string: a property list
    /// keeps a string with one non-ASCII character as UTF-16, and decoding the string was a third of the load.
    private static func paths(in column: Data) -> [String] {
        guard !column.isEmpty else { return [] }
        return column.withUnsafeBytes { bytes in
            var paths: [String] = []
            var start = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                paths.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            paths.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return paths
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(identity, forKey: .identity)
        try container.encode(sessionOpeningNames, forKey: .sessionOpeningNames)
        // A path with a line break cannot be stored in the joined column; such a file is simply not cached.
        let paths = files.keys.filter { !$0.contains("\n") }.sorted()
        var stamps = Data(capacity: paths.count * Self.stampSize)
        var flags = Data(capacity: paths.count)
        var mentioned: [Int: [String]] = [:]
        var parsed: [Int: ParsedFile] = [:]
        for (index, path) in paths.enumerated() {
            let file = files[path]!
            let stamp = file.stamp
            for number in [UInt64(bitPattern: stamp?.modified ?? 0), UInt64(bitPattern: stamp?.size ?? 0), stamp?.inode ?? 0, stamp?.device ?? 0] {
                withUnsafeBytes(of: number.littleEndian) { stamps.append(contentsOf: $0) }
            }
            flags.append((stamp == nil ? 0 : Self.hasStamp) | (file.mentionsWords ? Self.mentionsWords : 0))
            mentioned[index] = file.mentionedNames
            parsed[index] = file.parsed
        }
        try container.encode(Data(paths.joined(separator: "\n").utf8), forKey: .paths)
        try container.encode(stamps, forKey: .stamps)
        try container.encode(flags, forKey: .flags)
        try container.encode(mentioned, forKey: .mentionedNames)
        try container.encode(parsed, forKey: .parsed)
    }
}
