@testable import Pony
import Testing

@Suite("Runtime check settings from the environment")
struct CheckEnvironmentTests {
    func state(_ environment: [String: String]) throws -> CheckState {
        try CheckEnvironment.parse(environment).get()
    }

    func error(_ environment: [String: String]) -> String? {
        if case .failure(let error) = CheckEnvironment.parse(environment) { return error.message }
        return nil
    }

    @Test func defaultsToTrappingInDebugBuilds() throws {
        #expect(try state([:]).mode == .trap)
        #expect(try state([:]).disabled.isEmpty)
    }

    @Test func readsTheModeInAnyCase() throws {
        #expect(try state(["PONY_CHECKS": "report"]).mode == .report)
        #expect(try state(["PONY_CHECKS": "OFF"]).mode == .off)
    }

    @Test func readsDisabledRulesByIDOrName() throws {
        #expect(try state(["PONY_CHECKS_DISABLE": "PONY003, task-in-session,"]).disabled == ["PONY003", "PONY005"])
    }

    @Test func namesAnInvalidMode() {
        #expect(error(["PONY_CHECKS": "loud"]) == "PONY_CHECKS='loud' is not valid: use trap, report or off")
    }

    @Test func namesAnUnknownRule() {
        #expect(error(["PONY_CHECKS_DISABLE": "PONY003,PONY042"])
            == "PONY_CHECKS_DISABLE names 'PONY042', which is not a rule: use IDs or names such as PONY003 or task-in-session, separated by commas")
    }

    @Test func checkMessagesComeFromTheRuleCatalog() {
        #expect(CheckFailure.message("PONY006", "details")
            == "Pony runtime check failed: PONY006 (unclosed-manual-session): a manual session was abandoned while still open (details). Add `defer { session.close() }` right after `openSession()`. Run 'pony-lint explain PONY006' for details.")
    }
}
