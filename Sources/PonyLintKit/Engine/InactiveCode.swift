import SwiftIfConfig
import SwiftSyntax

/// Code that is never compiled: every walk asks this one place, so skipped code neither produces findings nor
/// contributes facts (a session-opening function in an inactive clause must not make its callers report PONY003).
///
/// A clause is inactive when its condition is decidably false (`#if false`, `#if DEBUG && false`, or
/// `#if DEBUG` with `--define` given and `DEBUG` not defined), or when an earlier clause of the same `#if` is
/// decidably true (the `#else` of `#if true`). A clause whose condition depends on something unknown — a
/// platform, or a custom condition when no `--define` was given — may be compiled, so it is linted. Conditions
/// are evaluated by swift-syntax's SwiftIfConfig against ``LintBuildConfiguration``.
struct InactiveCode {
    let configuration: LintBuildConfiguration

    init(definedConditions: Set<String>?) {
        configuration = LintBuildConfiguration(definedConditions: definedConditions)
    }

    func isInactive(_ clause: IfConfigClauseSyntax) -> Bool {
        guard let clauses = clause.parent?.as(IfConfigClauseListSyntax.self) else { return false }
        for earlier in clauses {
            let decision = self.decision(for: earlier)
            if earlier.id == clause.id { return decision == false }
            if decision == true { return true }
        }
        return false
    }

    /// true or false when the condition is decided, nil when it depends on something unknown; an `#else` is
    /// decidably true.
    private func decision(for clause: IfConfigClauseSyntax) -> Bool? {
        guard let condition = clause.condition else { return true }
        let (state, _, diagnostics) = IfConfigRegionState.evaluating(condition, in: configuration)
        guard diagnostics.isEmpty else { return nil }
        return state == .active
    }
}
