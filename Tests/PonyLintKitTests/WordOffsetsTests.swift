@testable import PonyLintKit
import Testing

/// A word occurs in a range when one of its occurrences starts inside it.
@Suite("Word offsets")
struct WordOffsetsTests {
    //                                  0         1         2
    //                                  0123456789012345678901234
    static let offsets = WordOffsets(of: ["open", "close"], in: "a open b close c open")

    @Test func aRangeHoldingTheStartOfAWordFindsIt() {
        #expect(offsets(2..<3))
        #expect(offsets(9..<10))
        #expect(offsets(0..<100))
    }

    @Test func aRangeBetweenOccurrencesFindsNothing() {
        #expect(!offsets(3..<9))
        #expect(!offsets(10..<17))
        #expect(!offsets(18..<100))
    }

    @Test func aWordAbsentFromTheTextOccursNowhere() {
        #expect(!WordOffsets(of: ["session"], in: "a open b").occurs(in: 0..<8))
    }

    private func offsets(_ range: Range<Int>) -> Bool { Self.offsets.occurs(in: range) }
}
