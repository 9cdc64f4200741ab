@testable import PonyLintKit
import Testing

@Suite("Language server: positions")
struct LineIndexTests {
    @Test func columnsAfterTwoByteCharactersCountUTF16Units() {
        // "é" is two UTF-8 bytes and one UTF-16 unit.
        let index = LineIndex("let café = 1\nlet x = café\n")
        #expect(index.position(line: 2, utf8Column: 9) == LSP.Position(line: 1, character: 8))
        // The "=" after "café ": byte 11 (column 12), character 10.
        #expect(index.position(line: 1, utf8Column: 12) == LSP.Position(line: 0, character: 10))
    }

    @Test func charactersOutsideTheBasicPlaneAreTwoUnits() {
        // "🐴" is four UTF-8 bytes and two UTF-16 units.
        let index = LineIndex("s = \"🐴\"; db.session {}")
        #expect(index.position(line: 1, utf8Column: 13) == LSP.Position(line: 0, character: 10))
        #expect(index.utf8Offset(of: LSP.Position(line: 0, character: 10)) == 12)
    }

    @Test func everyLineBreakStartsALine() {
        let index = LineIndex("a\r\nb\rc\nd")
        #expect(index.position(ofUTF8Offset: 3) == LSP.Position(line: 1, character: 0))
        #expect(index.position(ofUTF8Offset: 5) == LSP.Position(line: 2, character: 0))
        #expect(index.position(ofUTF8Offset: 7) == LSP.Position(line: 3, character: 0))
    }

    @Test func offsetsAndPositionsBeyondTheTextAreClamped() {
        let index = LineIndex("ab\ncd")
        #expect(index.position(ofUTF8Offset: 99) == LSP.Position(line: 1, character: 2))
        #expect(index.position(line: 1, utf8Column: 40) == LSP.Position(line: 0, character: 2))
        #expect(index.utf8Offset(of: LSP.Position(line: 0, character: 40)) == 2)
        #expect(index.utf8Offset(of: LSP.Position(line: 9, character: 0)) == 5)
    }

    @Test func aFindingMarksTheWordAtItsPosition() {
        let index = LineIndex("    try saveVisit(db)\n")
        #expect(index.wordRange(line: 1, utf8Column: 9) == LSP.Range(
            start: LSP.Position(line: 0, character: 8), end: LSP.Position(line: 0, character: 17)))
        #expect(index.wordRange(line: 1, utf8Column: 18) == LSP.Range(
            start: LSP.Position(line: 0, character: 17), end: LSP.Position(line: 0, character: 18)))
    }
}
