/// Converts between a text's UTF-8 byte offsets (what pony-lint's findings and fixes use) and Language Server
/// Protocol positions (0-based line, UTF-16 character). Lines end at `\n`, `\r\n` or `\r`, as in both.
///
/// ```swift
/// let index = LineIndex("let café = 1\nlet x = café\n")
/// index.position(line: 2, utf8Column: 9)      // Position(line: 1, character: 8)
/// ```
struct LineIndex {
    private let bytes: [UInt8]
    /// The UTF-8 offset where each line starts.
    private let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 10 || (byte == 13 && (index == bytes.count || bytes[index] != 10)) {
                starts.append(index)
            } else if byte == 13 {
                index += 1
                starts.append(index)
            }
        }
        lineStarts = starts
    }

    /// The position of a 1-based line and 1-based UTF-8 column, as a finding gives them; clamped to the text.
    func position(line: Int, utf8Column: Int) -> LSP.Position {
        let line = min(max(line - 1, 0), lineStarts.count - 1)
        return position(ofUTF8Offset: lineStarts[line] + max(utf8Column - 1, 0), onLine: line)
    }

    /// The position of a UTF-8 offset into the text; clamped to the text.
    func position(ofUTF8Offset offset: Int) -> LSP.Position {
        let offset = min(max(offset, 0), bytes.count)
        // The last line starting at or before the offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return position(ofUTF8Offset: offset, onLine: low)
    }

    /// The UTF-8 offset of a position; a character past the end of its line is the line's end.
    func utf8Offset(of position: LSP.Position) -> Int {
        guard position.line < lineStarts.count else { return bytes.count }
        var offset = lineStarts[max(position.line, 0)]
        let end = lineEnd(max(position.line, 0))
        var units = 0
        while offset < end && units < position.character {
            units += Self.utf16Units(leadingByte: bytes[offset])
            offset += Self.utf8Length(leadingByte: bytes[offset])
        }
        return min(offset, end)
    }

    /// The range of the word at a finding's position — an identifier, or one character — for an editor to mark.
    func wordRange(line: Int, utf8Column: Int) -> LSP.Range {
        let start = position(line: line, utf8Column: utf8Column)
        var offset = utf8Offset(of: start)
        let end = lineEnd(start.line)
        let isWordByte = { (byte: UInt8) in
            byte == 95 || (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte >= 0x80
        }
        if offset < end && isWordByte(bytes[offset]) {
            while offset < end && isWordByte(bytes[offset]) { offset += 1 }
        } else if offset < end {
            offset += Self.utf8Length(leadingByte: bytes[offset])
        }
        return LSP.Range(start: start, end: position(ofUTF8Offset: offset, onLine: start.line))
    }

    private func position(ofUTF8Offset offset: Int, onLine line: Int) -> LSP.Position {
        let end = min(offset, lineEnd(line))
        var units = 0
        var index = lineStarts[line]
        while index < end {
            units += Self.utf16Units(leadingByte: bytes[index])
            index += Self.utf8Length(leadingByte: bytes[index])
        }
        return LSP.Position(line: line, character: units)
    }

    /// Where a line's text ends, before its line break.
    private func lineEnd(_ line: Int) -> Int {
        guard line + 1 < lineStarts.count else { return bytes.count }
        var end = lineStarts[line + 1]
        if end > lineStarts[line] && bytes[end - 1] == 10 { end -= 1 }
        if end > lineStarts[line] && bytes[end - 1] == 13 { end -= 1 }
        return end
    }

    private static func utf8Length(leadingByte byte: UInt8) -> Int {
        switch byte {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }

    /// A character outside the Basic Multilingual Plane (a four-byte UTF-8 sequence) is two UTF-16 units.
    private static func utf16Units(leadingByte byte: UInt8) -> Int {
        byte >= 0xF0 ? 2 : 1
    }
}
