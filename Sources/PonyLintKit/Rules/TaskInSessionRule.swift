import PonyRules
import SwiftSyntax

/// PONY005 task-in-session: a task, dispatched block or thread started inside a session scope.
final class TaskInSessionRule: CallHook {
    let id: RuleID = "PONY005"

    func visitCall(_ call: CallSite, context: LintContext) {
        // Cheapest first: whether its name can start work compares a few strings; whether a closure is passed reads
        // the call's arguments; the spawn reads its typed node; the session scope is read from the frames and copied.
        guard SessionAPIRecognizer.mayStartWork(callee: call.callee), call.hasClosure, let spawn = call.spawn,
              let scope = context.sessionScope
        else { return }
        context.report(id, at: call.position, ["spawn": spawn.description, "scope": scope.description])
    }
}
