import SwiftIfConfig
import SwiftSyntax

/// Code that is never compiled: every walk asks this one place, so skipped code neither produces findings nor
/// contributes facts (a session-opening function in an inactive clause must not make its callers report PONY003).
///
/// A clause is inactive when its condition is decidably false (`#if false`, or `#if DEBUG` with `--define`
/// given and `DEBUG` not defined), or when an earlier clause of the same `#if` is decidably true (the `#else` of
/// `#if true`). A clause whose evaluation asks about something unknown — a platform, or a custom condition when
/// no `--define` was given — may be compiled, so it is linted, even `#if DEBUG && false`. Conditions
/// are evaluated by swift-syntax's SwiftIfConfig against ``LintBuildConfiguration``.
///
/// One per file, shared by its walks: each clause's condition is evaluated once, whichever walk asks first.
final class InactiveCode {
    private let configuration: LintBuildConfiguration
    /// Decided conditions by clause: true or false, or nil when undecided.
    private var decisions: [SyntaxIdentifier: Bool?] = [:]

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
        if let known = decisions[clause.id] { return known }
        let (state, _, diagnostics) = IfConfigRegionState.evaluating(condition, in: configuration)
        let decision: Bool? = diagnostics.isEmpty ? state == .active : nil
        decisions[clause.id] = decision
        return decision
    }
}
