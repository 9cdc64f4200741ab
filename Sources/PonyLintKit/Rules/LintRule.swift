import PonyRules
@_spi(RawSyntax) import SwiftSyntax

/// One rule of the linter. It adopts the hook protocols for the nodes it looks at (``CallHook`` and the others);
/// the walker calls each hook in source order with the context at that node, and only for the rules that adopt it.
///
/// Rules are classes: the walk reaches them through existentials tens of thousands of times per file, and copying a
/// class existential is a retain, not a call through the type's value witnesses.
protocol LintRule: AnyObject {
    /// The rule's ID in `Rules/`.
    var id: RuleID { get }

    // The rule as each hook it adopts, nil for the others: the walk splits its rules without dynamic casts, whose
    // misses the runtime does not cache (thirty casts per file cost as much as walking a tenth of it). A rule
    // gets these from the extensions below; it never writes them.
    var asFunctionHook: (any FunctionHook)? { get }
    var asSessionClosureHook: (any SessionClosureHook)? { get }
    var asCallHook: (any CallHook)? { get }
    var asSuspensionHook: (any SuspensionHook)? { get }
    var asBlockHook: (any BlockHook)? { get }
}

extension LintRule {
    var asFunctionHook: (any FunctionHook)? { nil }
    var asSessionClosureHook: (any SessionClosureHook)? { nil }
    var asCallHook: (any CallHook)? { nil }
    var asSuspensionHook: (any SuspensionHook)? { nil }
    var asBlockHook: (any BlockHook)? { nil }
}

extension FunctionHook {
    var asFunctionHook: (any FunctionHook)? { self }
}

extension SessionClosureHook {
    var asSessionClosureHook: (any SessionClosureHook)? { self }
}

extension CallHook {
    var asCallHook: (any CallHook)? { self }
}

extension SuspensionHook {
    var asSuspensionHook: (any SuspensionHook)? { self }
}

extension BlockHook {
    var asBlockHook: (any BlockHook)? { self }
}

/// A rule that looks at function and initializer declarations.
protocol FunctionHook: LintRule {
    /// A function or initializer declaration, before its body; its own frame is already on the context's
    /// stack, so `context.execution` says where the function runs.
    func visitFunction(name: String, isAsync: Bool, sessionAttribute: AttributeSyntax?, context: LintContext)
}

/// A rule that looks at the closures of session calls.
protocol SessionClosureHook: LintRule {
    /// The closure of a session call (at `place`), once its body is walked, with what it returns; `bridge` for the
    /// awaited async form.
    func visitSessionClosure(
        _ closure: RawClosureExprSyntax, place: TreePlace, returns: [ReturnedExpression], bridge: Bool, call: CallSite,
        context: LintContext)
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
    /// A block of statements (at `block`) that opens manual sessions, with the sessions.
    func visitBlock(at block: TreePlace, manualSessions: [ManualSessionScan.Session], context: LintContext)
}

/// The rules of one walk, by the hook they adopt: each node asks only the rules that look at it.
struct LintHooks {
    let functions: [any FunctionHook]
    let sessionClosures: [any SessionClosureHook]
    let calls: [any CallHook]
    let suspensions: [any SuspensionHook]
    let blocks: [any BlockHook]

    init(_ rules: [any LintRule]) {
        functions = rules.compactMap(\.asFunctionHook)
        sessionClosures = rules.compactMap(\.asSessionClosureHook)
        calls = rules.compactMap(\.asCallHook)
        suspensions = rules.compactMap(\.asSuspensionHook)
        blocks = rules.compactMap(\.asBlockHook)
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
