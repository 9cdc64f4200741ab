@_spi(Testing) import SwiftParser
@_spi(RawSyntax) import SwiftSyntax

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
        var openings = 0
        for byte in bytes where byte == UInt8(ascii: "[") { openings += 1 }
        guard openings > maximumDepth else { return false }
        for opener in ["\"\"\"", "/*", "#/"] {
            var opener = opener
            if opener.withUTF8({ SourceFile.contains(bytes, $0) }) { return true }
        }
        return ByteKind.table.withUnsafeBufferPointer { table in
            var depth = 0
            var lineStart = 0
            while lineStart < bytes.count {
                // One pass finds the line's end, whether it is plain and whether it has a bracket; only a line
                // with one is read again, to count them.
                var lineEnd = lineStart
                var isPlain = true
                var hasBracket = false
                while lineEnd < bytes.count {
                    let kind = table[Int(bytes[lineEnd])]
                    if kind == .lineBreak { break }
                    if kind == .quoting { isPlain = false }
                    if kind == .opening || kind == .closing { hasBracket = true }
                    lineEnd += 1
                }
                for index in lineStart..<(hasBracket ? lineEnd : lineStart) {
                    switch table[Int(bytes[index])] {
                    case .opening:
                        depth += 1
                        if depth > maximumDepth { return true }
                    case .closing where isPlain:
                        depth = max(0, depth - 1)
                    default:
                        break
                    }
                }
                lineStart = lineEnd + 1
            }
            return false
        }
    }

    /// What a byte means to ``mayNestTooDeep(_:)``, looked up in a table of 256.
    private enum ByteKind: UInt8 {
        case other, opening, closing, quoting, lineBreak

        static let table: [ByteKind] = (0...255).map { byte in
            switch UInt8(byte) {
            case UInt8(ascii: "["): .opening
            case UInt8(ascii: "]"): .closing
            case UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "#"), UInt8(ascii: "`"): .quoting
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): .lineBreak
            default: .other
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
