import PonyRules
import SwiftSyntax

/// PONY003 blocking-session-in-async-context: a synchronous session entered in async code — a `session`
/// call without `await`, `openSession()`, or a call to a `@DBSession` or session-opening function.
final class BlockingSessionInAsyncContextRule: FunctionHook, CallHook {
    let id: RuleID = "PONY003"

    /// A synchronous `@DBSession` method of an actor enters its session in a task on the pool whenever it runs;
    /// its callers are not reported (they may be anywhere), so it is reported at the attribute.
    func visitFunction(name: String, isAsync: Bool, sessionAttribute: AttributeSyntax?, context: LintContext) {
        guard !isAsync, let attribute = sessionAttribute, context.execution == .cooperativePool else { return }
        context.report(id, at: attribute.positionAfterSkippingLeadingTrivia, ["form": "`@DBSession` on '\(name)()', a method of an actor"])
    }

    func visitCall(_ call: CallSite, context: LintContext) {
        // Only the cooperative pool must not block: the main actor may run short synchronous sessions.
        guard context.execution == .cooperativePool else { return }
        let position = call.position
        if call.isSessionCall {
            guard !call.isAwaited else { return }
            context.report(
                id, at: position, ["form": "`\(FactCollector.describeCall(call.raw))` without `await`"],
                fix: context.isDirectlyAsync ? Fix(insert: "await ", at: call.syntax.calledExpression.positionAfterSkippingLeadingTrivia, in: context.file) : nil)
        } else if call.isOpenSessionCall {
            context.report(id, at: position, ["form": "`\(FactCollector.describeCall(call.raw))`"])
        } else if let signature = call.signature {
            // Whether the callee opens a session may be decided by another file: judged once all are read.
            context.reportLater(id, at: position, .callOpensSession(signature))
        }
    }

    /// The message's values for a call whose callee another file may declare: nil unless the callee opens a
    /// session, directly or through what it calls.
    static func messageValues(forCall signature: CallSignature, facts: ProjectFacts) -> [String: String]? {
        guard let (function, chain) = facts.sessionChain(for: signature) else { return nil }
        if function.hasSessionAttribute {
            return ["form": "call to `@DBSession` function '\(function.signature.displayName)'"]
        }
        return ["form": "call to '\(function.signature.displayName)', which opens a session: \(chain.joined(separator: " → "))"]
    }
}
