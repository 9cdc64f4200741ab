import PonyRules
import SwiftSyntax

/// PONY005 task-in-session: a task, dispatched block or thread started inside a session scope.
struct TaskInSessionRule: LintRule {
    let id: RuleID = "PONY005"

    func visitCall(_ call: FunctionCallExprSyntax, context: LintContext) {
        // The frames are read before the call's syntax: most calls are outside any session.
        guard let scope = context.sessionScope, let spawn = SessionAPIRecognizer.spawn(call),
              SessionAPIRecognizer.closure(of: call) != nil
        else { return }
        context.report(id, at: call.positionAfterSkippingLeadingTrivia, ["spawn": spawn.description, "scope": scope.description])
    }
}
