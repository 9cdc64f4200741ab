import PonyRules
import SwiftSyntax

/// PONY002 await-in-session: `await`, `for await` or `async let` inside a session scope. Spawned tasks inside
/// the session are PONY005's, and an async `@DBSession` function is already PONY001.
final class AwaitInSessionRule: SuspensionHook {
    let id: RuleID = "PONY002"

    func visitSuspension(at keyword: AbsolutePosition, spelled: String, context: LintContext) {
        guard let scope = context.sessionScope, !scope.isAsyncSessionFunction else { return }
        context.report(id, at: keyword, ["suspension": spelled, "scope": scope.description])
    }
}
