import PonyTestSupport
import Testing

/// `PONY_CHECKS` and `PONY_CHECKS_DISABLE` as a program sees them: the `detached-task` case of
/// `Tests/Fixtures/MainActorSessions` opens a synchronous session in a detached task, which traps with PONY003
/// under the debug defaults. The checks read the environment at their first use, so each variable must change
/// what that first check does.
@Suite("Runtime check settings in a running program", .serialized)
struct CheckEnvironmentProcessTests {
    static let program = "MainActorSessions"
    static let trapping = "detached-task"

    func run(_ environment: [String: String]) throws -> BuildProducts.Run {
        try BuildProducts.run(Self.program, arguments: [Self.trapping], environment: environment)
    }

    @Test(.enabled(if: BuildProducts.isAvailable(program), BuildProducts.skipNote(program)))
    func withoutSettingsTheFirstCheckTraps() throws {
        let run = try run([:])
        #expect(run.status != 0)
        #expect(run.standardError.contains("Pony runtime check failed: PONY003"), "stderr: \(run.standardError)")
    }

    @Test(.enabled(if: BuildProducts.isAvailable(program), BuildProducts.skipNote(program)))
    func checksOffLetsTheProgramRun() throws {
        let run = try run(["PONY_CHECKS": "off"])
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardOutput == "ran \(Self.trapping)\n")
        #expect(!run.standardError.contains("PONY003"))
    }

    @Test(.enabled(if: BuildProducts.isAvailable(program), BuildProducts.skipNote(program)))
    func reportModeLogsTheRuleAndRuns() throws {
        let run = try run(["PONY_CHECKS": "report"])
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardOutput == "ran \(Self.trapping)\n")
        #expect(run.standardError.contains("Pony runtime check failed: PONY003"), "stderr: \(run.standardError)")
    }

    @Test(.enabled(if: BuildProducts.isAvailable(program), BuildProducts.skipNote(program)))
    func aDisabledRuleIsNotChecked() throws {
        let run = try run(["PONY_CHECKS_DISABLE": "blocking-session-in-async-context"])
        #expect(run.status == 0, "stderr: \(run.standardError)")
        #expect(run.standardOutput == "ran \(Self.trapping)\n")
    }

    @Test(.enabled(if: BuildProducts.isAvailable(program), BuildProducts.skipNote(program)))
    func anInvalidSettingStopsTheProgramNamingIt() throws {
        let run = try run(["PONY_CHECKS": "loud"])
        #expect(run.status != 0)
        #expect(run.standardError.contains("PONY_CHECKS='loud' is not valid: use trap, report or off"), "stderr: \(run.standardError)")
    }
}
