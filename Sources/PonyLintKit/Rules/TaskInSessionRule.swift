import PonyRules
import SwiftSyntax

/// PONY005 task-in-session: a task, dispatched block or thread started inside a session scope.
final class TaskInSessionRule: CallHook {
    let id: RuleID = "PONY005"

    func visitCall(_ call: CallSite, context: LintContext) {
        // Cheapest first: whether a closure is passed is read from the call's layout; whether it starts work looks
        // its name up; the session scope is read from the frames and copied.
        guard call.hasClosure, let spawn = call.spawn, let scope = context.sessionScope else { return }
        context.report(id, at: call.position, ["spawn": spawn.description, "scope": scope.description])
    }
}
