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

    /// Drops the tree (and what was computed from it); the next use parses again.
    func releaseTree() {
        cachedTree = nil
    }

    /// Whether lines end with `\r\n` (fixes insert the same line ending).
    var usesCRLF: Bool {
        text.utf8.firstIndex(of: UInt8(ascii: "\n")).map { $0 > text.utf8.startIndex && text.utf8[text.utf8.index(before: $0)] == UInt8(ascii: "\r") } ?? false
    }

    /// UTF-8 offsets where lines start, split the way swift-syntax counts lines: after each `\n`, `\r\n`
    /// or `\r`. One byte scan serves both locations and line texts.
    private lazy var lineStarts: [Int] = {
        var text = text
        return text.withUTF8 { bytes in
            var starts = [0]
            // Most files break lines with `\n` alone: memchr finds each.
            if let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: "\r")), bytes.count) == nil {
                var offset = 0
                while offset < bytes.count, let hit = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset) {
                    offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(offset)
                }
                return starts
            }
            var previous: UInt8 = 0
            for offset in bytes.indices {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\n") {
                    // `\r\n` is one break: it started at the `\r`, which already recorded this line's start.
                    if previous == UInt8(ascii: "\r") { starts[starts.count - 1] = offset + 1 } else { starts.append(offset + 1) }
                } else if byte == UInt8(ascii: "\r") {
                    starts.append(offset + 1)
                }
                previous = byte
            }
            return starts
        }
    }()

    /// 1-based line and UTF-8 column, as swift-syntax's `SourceLocationConverter` counts them, from the text
    /// alone (so it works after the tree is released).
    func location(of position: AbsolutePosition) -> (line: Int, column: Int) {
        let offset = position.utf8Offset
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    /// The text between two UTF-8 offsets.
    func text(in range: Range<Int>) -> String {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        return String(decoding: utf8[start..<utf8.index(start, offsetBy: range.count)], as: UTF8.self)
    }

    /// How `node` of this file is written without its leading and trailing trivia: `trimmedDescription`, cut from
    /// the text instead of built from a trimmed copy of the subtree.
    func trimmedText(of node: some SyntaxProtocol) -> String {
        let start = node.positionAfterSkippingLeadingTrivia.utf8Offset
        return text(in: start..<max(start, node.endPositionBeforeTrailingTrivia.utf8Offset))
    }

    /// The text of a 1-based line, without its line break.
    func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        guard number < lineStarts.count else { return text(in: start..<text.utf8.count) }
        // The next line starts after this one's break: `\n` or `\r` (one byte) or `\r\n` (two).
        let next = lineStarts[number]
        let utf8 = text.utf8
        let isCRLF = next - start >= 2 && utf8[utf8.index(utf8.startIndex, offsetBy: next - 2)] == UInt8(ascii: "\r")
            && utf8[utf8.index(utf8.startIndex, offsetBy: next - 1)] == UInt8(ascii: "\n")
        return text(in: start..<(next - (isCRLF ? 2 : 1)))
    }

    /// Whether the text contains any of the words: a byte search (memchr, memcmp) before deciding to parse.
    /// (`String.contains` goes through NSString when Foundation is imported and is slower than parsing.)
    func mentions(_ words: some Collection<String>) -> Bool {
        mentions(words, in: 0..<text.utf8.count)
    }

    /// Whether the text between two UTF-8 offsets contains any of the words.
    func mentions(_ words: some Collection<String>, in range: Range<Int>) -> Bool {
        var text = text
        return text.withUTF8 { whole in
            let haystack = UnsafeBufferPointer(rebasing: whole[range.clamped(to: 0..<whole.count)])
            return words.contains { word in
                var word = word
                return word.withUTF8 { Self.contains(haystack, $0) }
            }
        }
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        offset(of: needle, in: haystack, from: 0) != nil
    }

    /// Where `needle` next occurs in `haystack` at or after `start`: memchr for its first byte, memcmp for the rest.
    static func offset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = haystack.baseAddress, let first = needle.first, needle.count <= haystack.count else { return nil }
        var offset = start
        let last = haystack.count - needle.count
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + position, needle.baseAddress!, needle.count) == 0 { return position }
            offset = position + 1
        }
        return nil
    }
}
