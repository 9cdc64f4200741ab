import PonyRules
import SwiftSyntax

/// PONY005 task-in-session: a task, dispatched block or thread started inside a session scope.
final class TaskInSessionRule: CallHook {
    let id: RuleID = "PONY005"

    func visitCall(_ call: CallSite, context: LintContext) {
        // The frames are read before the call: most calls are outside any session.
        guard let scope = context.sessionScope, let spawn = call.spawn, call.hasClosure else { return }
        context.report(id, at: call.position, ["spawn": spawn.description, "scope": scope.description])
    }
}
