@_spi(Testing) import SwiftParser
@_spi(RawSyntax) import SwiftSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds files that swift-syntax's parser cannot parse in reasonable time, so they are skipped with a per-file
/// error instead of hanging the run.
///
/// swift-syntax 603's parser looks ahead at every `[` to decide whether an inline-array type (`[3 of Int]`) starts
/// there, and backtracks: its time doubles, roughly, with each level of square brackets nested inside another
/// (`[[[[Int]]]]`). Found by fuzzing (`scripts/fuzz`): 88 unclosed `[` in a row did not parse in hours; 18 take
/// about a second. Real code rarely nests square brackets more than a handful of levels deep.
///
/// Most files are settled by a byte scan that can only overestimate the nesting (``mayNestTooDeep(_:)``); a file it
/// cannot clear is tokenized (by swift-syntax's lexer, so brackets in strings and comments do not count) to measure
/// the nesting exactly. Only files about to be parsed are measured: one the prefilter skips costs nothing here.
enum SquareBracketNesting {
    /// The deepest nesting of square brackets that is parsed; about 10 ms of parsing in the worst shape.
    static let maximumDepth = 12

    /// Why `file` is not parsed, or `nil` when it can be.
    static func problem(in file: SourceFile) -> LintError? {
        var text = file.text
        return text.withUTF8 { bytes -> LintError? in
            guard mayNestTooDeep(bytes), let offset = firstOffsetTooDeep(in: bytes)
            else { return nil }
            let line = file.location(of: AbsolutePosition(utf8Offset: offset)).line
            return LintError.input(
                path: file.path,
                message: "square brackets nested more than \(maximumDepth) deep at line \(line); skipped, since "
                    + "swift-syntax's parser takes time exponential in that depth")
        }
    }

    /// Whether the file may nest square brackets deeper than ``maximumDepth``, judged from its bytes: false only when
    /// it certainly does not. A tokenizing pass costs about a third of a parse, so this spares it for almost every file.
    ///
    /// Every `[` byte counts as an opening (a `[` token is one; one in a string or comment only raises the count);
    /// a `]` byte closes one only on a *plain* line, one without `"`, `/`, `#` or a backtick, where it cannot be
    /// inside a string, comment, regex literal or raw identifier. That holds only when no string, comment or regex
    /// spans lines, so a file with `"""`, `/*` or `#/` anywhere is never cleared. Counted so, the depth is never
    /// below the depth of the tokens.
    static func mayNestTooDeep(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        // A file with no more `[` than the maximum cannot nest deeper; memchr skips to each, and stops counting past it.
        var openings = 0
        var next = 0
        while openings <= maximumDepth, next < bytes.count,
              let hit = memchr(base + next, Int32(UInt8(ascii: "[")), bytes.count - next) {
            openings += 1
            next = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        guard openings > maximumDepth else { return false }
        for opener in ["\"\"\"", "/*", "#/"] {
            var opener = opener
            if opener.withUTF8({ SourceFile.contains(bytes, $0) }) { return true }
        }
        // Most files break lines with `\n` alone: memchr finds each line's end and its brackets are counted eight
        // bytes at a time. A file with a `\r` is read byte by byte.
        let newlinesOnly = memchr(base, Int32(UInt8(ascii: "\r")), bytes.count) == nil
        return ByteKind.table.withUnsafeBufferPointer { table in
            var depth = 0
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                var openings = 0, closings = 0
                var isPlain = true
                if newlinesOnly {
                    lineEnd = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), bytes.count - lineStart)
                        .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
                    (openings, closings) = WordScan.brackets(base, lineStart..<lineEnd)
                    // Whether the line is plain matters only to its closings.
                    if closings > 0 { isPlain = !WordScan.hasQuoting(base, lineStart..<lineEnd) }
                } else {
                    // One pass finds the line's end and counts its brackets and quoting bytes, without branches but
                    // the line break's.
                    var kinds: UInt8 = 0
                    while lineEnd < bytes.count {
                        let kind = table[Int(bytes[lineEnd])]
                        if kind & ByteKind.lineBreak != 0 { break }
                        openings &+= Int(kind & ByteKind.opening)
                        closings &+= Int((kind & ByteKind.closing) >> 1)
                        kinds |= kind
                        lineEnd += 1
                    }
                    isPlain = kinds & ByteKind.quoting == 0
                }
                if depth + openings <= maximumDepth, !isPlain || closings <= depth {
                    // The depth never passes the maximum on this line (closings only lower it), and never reaches
                    // below zero, so the counts give its depth at the end exactly.
                    depth += openings - (isPlain ? closings : 0)
                } else {
                    // The line may pass the maximum, or close more than is open: it is read again in order.
                    for index in lineStart..<lineEnd {
                        let kind = table[Int(bytes[index])]
                        if kind & ByteKind.opening != 0 {
                            depth += 1
                            if depth > maximumDepth { return true }
                        } else if kind & ByteKind.closing != 0, isPlain {
                            depth = max(0, depth - 1)
                        }
                    }
                }
                lineStart = lineEnd + 1
            }
            return false
        }
    }

    /// Byte counts eight bytes at a time: each byte of a word equal to a given byte is flagged exactly (no borrow
    /// crosses bytes), and the flags are counted.
    private enum WordScan {
        static func brackets(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> (openings: Int, closings: Int) {
            var openings = 0, closings = 0
            var index = range.lowerBound
            while index + 8 <= range.upperBound {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let opening = equal(word, UInt8(ascii: "[")), closing = equal(word, UInt8(ascii: "]"))
                // Most words hold no bracket, and counting flags takes a dozen instructions on baseline x86-64 (no popcnt).
                if opening | closing != 0 {
                    openings += opening.nonzeroBitCount
                    closings += closing.nonzeroBitCount
                }
                index += 8
            }
            while index < range.upperBound {
                if base[index] == UInt8(ascii: "[") { openings += 1 } else if base[index] == UInt8(ascii: "]") { closings += 1 }
                index += 1
            }
            return (openings, closings)
        }

        /// Whether the range holds `"`, `/`, `#` or a backtick.
        static func hasQuoting(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
            var index = range.lowerBound
            while index + 8 <= range.upperBound {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if equal(word, UInt8(ascii: "\"")) | equal(word, UInt8(ascii: "/")) | equal(word, UInt8(ascii: "#"))
                    | equal(word, UInt8(ascii: "`")) != 0 { return true }
                index += 8
            }
            while index < range.upperBound {
                switch base[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "#"), UInt8(ascii: "`"): return true
                default: index += 1
                }
            }
            return false
        }

        /// The high bit of each byte of `word` that equals `byte`.
        @inline(__always)
        static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
            let difference = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
            let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
            return ~(((difference & low) &+ low) | difference) & ~low
        }
    }

    /// What a byte means to ``mayNestTooDeep(_:)``, looked up in a table of 256: bit flags, so a line's bytes are
    /// counted without branching on each.
    private enum ByteKind {
        static let opening: UInt8 = 1
        static let closing: UInt8 = 2
        static let quoting: UInt8 = 4
        static let lineBreak: UInt8 = 8

        static let table: [UInt8] = (0...255).map { byte in
            switch UInt8(byte) {
            case UInt8(ascii: "["): opening
            case UInt8(ascii: "]"): closing
            case UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "#"), UInt8(ascii: "`"): quoting
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): lineBreak
            default: 0
            }
        }
    }

    /// The UTF-8 offset of the first `[` token nested deeper than ``maximumDepth``, if any.
    private static func firstOffsetTooDeep(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var tracker = LookaheadTracker()
        return withUnsafeMutablePointer(to: &tracker) { tracker -> Int? in
            var depth = 0
            var offset = 0
            for lexeme in Lexer.tokenize(bytes, lookaheadTracker: tracker, experimentalFeatures: []) {
                switch lexeme.rawTokenKind {
                case .leftSquare:
                    depth += 1
                    if depth > maximumDepth { return offset + lexeme.textRange.lowerBound }
                case .rightSquare:
                    depth = max(0, depth - 1)
                case .endOfFile:
                    // The sequence never ends by itself: it yields the end of the file again and again.
                    return nil
                default:
                    break
                }
                offset += lexeme.byteLength
            }
            return nil
        }
    }
}
