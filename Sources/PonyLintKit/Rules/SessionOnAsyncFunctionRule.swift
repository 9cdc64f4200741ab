import PonyRules
import SwiftSyntax

/// PONY001 session-on-async-function: `@DBSession` on an `async` function or initializer, reported at the attribute.
final class SessionOnAsyncFunctionRule: FunctionHook {
    let id: RuleID = "PONY001"

    func visitFunction(name: String, isAsync: Bool, sessionAttribute: AttributeSyntax?, context: LintContext) {
        guard isAsync, let attribute = sessionAttribute else { return }
        context.report(id, at: attribute.positionAfterSkippingLeadingTrivia, ["function": name])
    }
}
