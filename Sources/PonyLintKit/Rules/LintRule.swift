import PonyRules
@_spi(RawSyntax) import SwiftSyntax

/// One rule of the linter. The walker calls the hooks in source order with the context at that node;
/// every hook does nothing unless the rule implements it.
protocol LintRule {
    /// The rule's ID in `Rules/`.
    var id: RuleID { get }

    /// A function or initializer declaration, before its body; its own frame is already on the context's
    /// stack, so `context.execution` says where the function runs.
    func visitFunction(name: String, isAsync: Bool, sessionAttribute: AttributeSyntax?, context: LintContext)
    /// The closure of a session call (whose depth-first index is `index`), before its body; `bridge` for the
    /// awaited async form. Its frame is not on the context's stack yet.
    func visitSessionClosure(_ closure: RawClosureExprSyntax, index: UInt64, bridge: Bool, call: CallSite, context: LintContext)
    /// A call, before its arguments and closures.
    func visitCall(_ call: CallSite, context: LintContext)
    /// `await`, `for await` or `async let`, at the position of its keyword.
    func visitSuspension(at keyword: AbsolutePosition, spelled: String, context: LintContext)
    /// A block of statements, with the manual sessions its statements open.
    func visitBlock(_ items: CodeBlockItemListSyntax, manualSessions: [ManualSessionScan.Session], context: LintContext)
}

extension LintRule {
    func visitFunction(name: String, isAsync: Bool, sessionAttribute: AttributeSyntax?, context: LintContext) {}
    func visitSessionClosure(_ closure: RawClosureExprSyntax, index: UInt64, bridge: Bool, call: CallSite, context: LintContext) {}
    func visitCall(_ call: CallSite, context: LintContext) {}
    func visitSuspension(at keyword: AbsolutePosition, spelled: String, context: LintContext) {}
    func visitBlock(_ items: CodeBlockItemListSyntax, manualSessions: [ManualSessionScan.Session], context: LintContext) {}
}

/// Every rule the linter runs, one instance per file.
enum LintRules {
    static func makeAll() -> [any LintRule] {
        [
            SessionOnAsyncFunctionRule(),
            AwaitInSessionRule(),
            BlockingSessionInAsyncContextRule(),
            EntityEscapesSessionRule(),
            TaskInSessionRule(),
            UnclosedManualSessionRule(),
        ]
    }
}
