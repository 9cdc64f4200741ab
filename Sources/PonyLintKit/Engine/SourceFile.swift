import SwiftParser
import SwiftSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One Swift file to lint: its text and, once needed, its syntax tree.
final class SourceFile: @unchecked Sendable {
    let path: String
    let text: String
    private var cachedTree: SourceFileSyntax?
    private var cachedConverter: SourceLocationConverter?
    /// Lines split the way swift-syntax counts them: at `\n`, `\r\n` (one Character in Swift) and `\r`.
    private lazy var lines: [Substring] = Self.splitLines(text)

    init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The parsed file. Parsing never fails: invalid code becomes "unexpected" nodes.
    var tree: SourceFileSyntax {
        if let cachedTree { return cachedTree }
        let tree = Parser.parse(source: text)
        cachedTree = tree
        isParsed = true
        return tree
    }

    /// Whether the file was parsed at least once.
    private(set) var isParsed = false

    /// Set by the linter before pass 1: keep the tree for pass 2 instead of parsing again.
    var keepsTreeForPass2 = false

    /// Drops the tree (and what was computed from it); the next use parses again.
    func releaseTree() {
        cachedTree = nil
        cachedConverter = nil
    }

    private var converter: SourceLocationConverter {
        if let cachedConverter { return cachedConverter }
        let converter = SourceLocationConverter(fileName: path, tree: tree)
        cachedConverter = converter
        return converter
    }

    /// Whether lines end with `\r\n` (fixes insert the same line ending).
    var usesCRLF: Bool {
        text.utf8.firstIndex(of: UInt8(ascii: "\n")).map { $0 > text.utf8.startIndex && text.utf8[text.utf8.index(before: $0)] == UInt8(ascii: "\r") } ?? false
    }

    /// 1-based line and UTF-8 column.
    func location(of position: AbsolutePosition) -> (line: Int, column: Int) {
        let location = converter.location(for: position)
        return (location.line, location.column)
    }

    /// The text of a 1-based line, without its newline.
    func line(_ number: Int) -> String {
        guard number >= 1, number <= lines.count else { return "" }
        return String(lines[number - 1])
    }

    /// Splits at `\n`, `\r\n` and `\r` by scanning UTF-8 bytes (splitting by Character is several times slower).
    static func splitLines(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                utf8.formIndex(after: &index)
                continue
            }
            lines.append(text[start..<index])
            utf8.formIndex(after: &index)
            if byte == UInt8(ascii: "\r"), index != utf8.endIndex, utf8[index] == UInt8(ascii: "\n") {
                utf8.formIndex(after: &index)
            }
            start = index
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    /// Whether the text contains any of the words: a byte search (memchr, memcmp) before deciding to parse.
    /// (`String.contains` goes through NSString when Foundation is imported and is slower than parsing.)
    func mentions(_ words: some Collection<String>) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            words.contains { word in
                var word = word
                return word.withUTF8 { Self.contains(haystack, $0) }
            }
        }
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = haystack.baseAddress, let first = needle.first, needle.count <= haystack.count else { return false }
        var offset = 0
        let last = haystack.count - needle.count
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + position, needle.baseAddress!, needle.count) == 0 { return true }
            offset = position + 1
        }
        return false
    }
}
