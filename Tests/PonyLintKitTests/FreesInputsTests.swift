@testable import PonyLintKit
import Testing

/// Leaving what a run read to the process's exit (`freesInputs: false`, as the `pony-lint` command does) only saves
/// the work of freeing it: the report is the same.
@Suite("Inputs left to the exit")
struct FreesInputsTests {
    private final class Marker {}

    @Test func aRunThatLeavesItsInputsToTheExitReportsWhatARunThatFreesThemReports() {
        let paths = [PrefilterTests.examples]
        let freeing = Linter(configuration: LintConfiguration(), jobs: 1).lint(paths: paths)
        let leaving = Linter(configuration: LintConfiguration(), jobs: 1, freesInputs: false).lint(paths: paths)
        #expect(!freeing.findings.isEmpty)
        #expect(leaving.findings == freeing.findings)
        #expect(leaving.errors == freeing.errors)
        #expect(leaving.filesLinted == freeing.filesLinted)
    }

    @Test func aValueLeftForTheExitIsNeverFreed() {
        weak var left: Marker?
        weak var dropped: Marker?
        do {
            let kept = Marker(), other = Marker()
            left = kept
            dropped = other
            LeftForExit.keep(kept)
        }
        #expect(left != nil)
        #expect(dropped == nil)
    }
}
