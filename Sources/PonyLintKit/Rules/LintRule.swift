import PonyRules
@_spi(RawSyntax) import SwiftSyntax

/// One rule of the linter. It adopts the hook protocols for the nodes it looks at (``CallHook`` and the others);
/// the walker calls each hook in source order with the context at that node, and only for the rules that adopt it.
protocol LintRule {
    /// The rule's ID in `Rules/`.
    var id: RuleID { get }
}

/// A rule that looks at function and initializer declarations.
protocol FunctionHook: LintRule {
    /// A function or initializer declaration, before its body; its own frame is already on the context's
    /// stack, so `context.execution` says where the function runs.
    func visitFunction(name: String, isAsync: Bool, sessionAttribute: AttributeSyntax?, context: LintContext)
}

/// A rule that looks at the closures of session calls.
protocol SessionClosureHook: LintRule {
    /// The closure of a session call (whose depth-first index is `index`), before its body; `bridge` for the
    /// awaited async form. Its frame is not on the context's stack yet.
    func visitSessionClosure(_ closure: RawClosureExprSyntax, index: UInt64, bridge: Bool, call: CallSite, context: LintContext)
}

/// A rule that looks at calls.
protocol CallHook: LintRule {
    /// A call, before its arguments and closures.
    func visitCall(_ call: CallSite, context: LintContext)
}

/// A rule that looks at suspensions.
protocol SuspensionHook: LintRule {
    /// `await`, `for await` or `async let`, at the position of its keyword.
    func visitSuspension(at keyword: AbsolutePosition, spelled: String, context: LintContext)
}

/// A rule that looks at blocks that open manual sessions.
protocol BlockHook: LintRule {
    /// A block of statements (whose depth-first index is `index`) that opens manual sessions, with the sessions.
    func visitBlock(at index: UInt64, manualSessions: [ManualSessionScan.Session], context: LintContext)
}

/// The rules of one walk, by the hook they adopt: each node asks only the rules that look at it.
struct LintHooks {
    let functions: [any FunctionHook]
    let sessionClosures: [any SessionClosureHook]
    let calls: [any CallHook]
    let suspensions: [any SuspensionHook]
    let blocks: [any BlockHook]

    init(_ rules: [any LintRule]) {
        functions = rules.compactMap { $0 as? any FunctionHook }
        sessionClosures = rules.compactMap { $0 as? any SessionClosureHook }
        calls = rules.compactMap { $0 as? any CallHook }
        suspensions = rules.compactMap { $0 as? any SuspensionHook }
        blocks = rules.compactMap { $0 as? any BlockHook }
    }
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
