import Foundation
import PonyTestSupport
import Testing

/// `Examples/Fixed` — every misuse of `Examples/Misuse`, fixed — runs to the end with the runtime checks
/// trapping, so it commits no session misuse the checks can see.
@Suite("Examples/Fixed")
struct FixedExampleTests {
    @Test(.enabled(if: BuildProducts.isAvailable("FixedExample"), BuildProducts.skipNote("FixedExample")))
    func runsCleanWithRuntimeChecksTrapping() throws {
        let run = try BuildProducts.run("FixedExample")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(!run.standardError.contains("Pony runtime check failed"))
        #expect(run.standardOutput == "Examples/Fixed ran clean with runtime checks trapping: (\"Ann Lee\", 2, 1, true)\n")
    }
}
