import Pony

/// Sets the checks as the README shows, prints them, and puts back the debug defaults.
func runRuntimeChecksExample() {
    // README begin: runtime checks
    PonyChecks.mode = .report              // .trap (debug default), .report (log and continue), .off (release default)
    PonyChecks.disabled = ["PONY003"]      // allow short sync sessions in async code, PonyORM's lenient policy
    // README end
    print("checks: \(PonyChecks.mode), disabled: \(PonyChecks.disabled.sorted())")
    PonyChecks.mode = .trap
    PonyChecks.disabled = []
}
