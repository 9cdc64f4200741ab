import PonyRules
import SwiftSyntax

/// PONY005 task-in-session: a task, dispatched block or thread started inside a session scope.
struct TaskInSessionRule: LintRule {
    let id: RuleID = "PONY005"

    func visitCall(_ call: FunctionCallExprSyntax, context: LintContext) {
        guard let spawn = SessionAPIRecognizer.spawn(call), SessionAPIRecognizer.closure(of: call) != nil,
              let scope = context.sessionScope
        else { return }
        context.report(id, at: call.positionAfterSkippingLeadingTrivia, ["spawn": spawn.description, "scope": scope.description])
    }
}
