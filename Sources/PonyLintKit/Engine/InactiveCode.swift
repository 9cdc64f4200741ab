import SwiftSyntax

/// Code that is never compiled: every walk skips it, so it neither produces findings nor contributes facts
/// (a session-opening function under `#if false` must not make its callers report PONY003).
enum InactiveCode {
    /// `#if false` clauses, and the `#else` of an `#if true`. Conditions that depend on the build
    /// configuration (`#if DEBUG`) are linted: either branch may be compiled.
    static func isInactive(_ clause: IfConfigClauseSyntax) -> Bool {
        if clause.condition?.as(BooleanLiteralExprSyntax.self)?.literal.tokenKind == .keyword(.false) {
            return true
        }
        guard clause.poundKeyword.tokenKind == .poundElse, let clauses = clause.parent?.as(IfConfigClauseListSyntax.self) else {
            return false
        }
        return clauses.contains { $0.condition?.as(BooleanLiteralExprSyntax.self)?.literal.tokenKind == .keyword(.true) }
    }
}
