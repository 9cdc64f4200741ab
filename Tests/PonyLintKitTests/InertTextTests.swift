@testable import PonyLintKit
import Testing

/// Text is inert when it holds no `(`, `{`, `#` and no `await`: the walk steps over an expression spelled so.
@Suite("Inert text")
struct InertTextTests {
    /// Asks `ranges` in turn about `text`, as the walk asks: with the file's bytes bound.
    private func inert(_ text: String, _ ranges: [Range<Int>]) -> [Bool] {
        text.withCString { bytes in
            var inert = InertText(UnsafeBufferPointer(
                start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: text.utf8.count))
            return ranges.map { inert.isInert(from: $0.lowerBound, to: $0.upperBound) }
        }
    }

    @Test func textWithoutAMarkIsInert() {
        #expect(inert("user.name + count * 2", [0..<21]) == [true])
    }

    @Test(arguments: ["f(x)", "{ x }", "#if A", "try await x"])
    func eachMarkMakesTextNotInert(_ text: String) {
        #expect(inert(text, [0..<text.utf8.count]) == [false])
    }

    //                     0         1
    //                     0123456789012345678
    static let spans = "a.b + f(c) + d.e"

    @Test func onlyTheRangeHoldingAMarkIsNotInert() {
        #expect(inert(Self.spans, [0..<5, 6..<10, 13..<16]) == [true, false, true])
    }

    @Test func aRangeEndingRightBeforeAMarkIsInert() {
        #expect(inert(Self.spans, [0..<7, 0..<8]) == [true, false])
    }

    @Test func rangesAskedOutOfOrderGetTheSameAnswers() {
        let ranges = [13..<16, 0..<5, 6..<10, 0..<8, 13..<16]
        #expect(inert(Self.spans, ranges) == [true, true, false, false, true])
    }

    @Test func aWWithoutAwaitAroundItIsNotAMark() {
        #expect(inert("view.window + awaiting", [0..<13, 0..<22]) == [true, false])
    }

    @Test func awaitIsAMarkWhereverItStartsInTheRange() {
        //                    0123456789
        let text = "x + await y"
        #expect(inert(text, [0..<4, 0..<5, 4..<11]) == [true, false, false])
    }

    @Test func aNULByteInTheTextCountsAsAMark() {
        let text = "a + \u{0} + b"
        #expect(inert(text, [0..<3, 0..<6, 6..<9]) == [true, false, true])
    }

    @Test func anEmptyRangeIsInert() {
        #expect(inert("f()", [1..<1]) == [true])
    }

    @Test func unboundTextIsNeverInert() {
        var inert = InertText.unbound
        let answer = inert.isInert(from: 0, to: 0)
        #expect(!answer)
    }
}

/// Stepping over inert expressions never changes what the walk reports: an `await` the screen missed would lose
/// its PONY002 inside each of the expressions the walk screens.
@Suite("Inert text in the walk")
struct InertTextWalkTests {
    @Test(arguments: [
        "let v = await value",
        "v = flag ? await a : b",
        "print(await value)",
        "let v = [await a, b]",
        "let v = items[await index]",
        "if await ready { }",
        "for x in xs where await x.ok { }",
        "return try await value",
        "let v = (await a) + b",
    ])
    func anAwaitInsideAScreenedExpressionIsStillReported(_ statement: String) {
        let source = "func f() async throws {\n    try await db.session {\n        \(statement)\n    }\n}\n"
        var linter = Linter(configuration: LintConfiguration(), jobs: 1, usesPrefilter: false)
        let screened = linter.lint(sources: [("A.swift", source)]).findings
        linter.screensInertText = false
        let entered = linter.lint(sources: [("A.swift", source)]).findings
        #expect(screened.contains { $0.rule.rawValue == "PONY002" }, "\(screened)")
        #expect(screened == entered)
    }
}
