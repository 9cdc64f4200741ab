@_spi(RawSyntax) import SwiftSyntax

/// One call as the walk (``SessionWalker``) reads it from the raw tree — once, for the facts and for every rule:
/// what it calls, whether it enters a session, and where it is. Its typed node is made only when a rule needs more than that
/// (``syntax``): to spell the call in a message, to place a fix, or to look at a possible spawn.
struct CallSite {
    let raw: RawFunctionCallExprSyntax
    /// The member or function name it calls and whether it is a member: `session`, true in `db.session { }`; nil
    /// when the callee is not a name.
    let callee: Callee?
    /// `x.session { … }` in either form.
    let isSessionCall: Bool
    /// `x.openSession()`.
    let isOpenSessionCall: Bool
    /// For a session call, whether an `await` covers it (the async bridge); false for any other call.
    let isAwaited: Bool
    /// The UTF-8 offset where the call starts, its leading trivia included.
    let offset: Int
    /// Makes its typed node.
    let locator: SyntaxLocator

    /// Where the call starts, after its leading trivia: where findings about it are reported. Measured when asked:
    /// most calls are never reported, and the trivia's length is found by descending to the first token.
    var position: AbsolutePosition {
        place.position
    }

    /// Where it is in the tree.
    var place: TreePlace {
        TreePlace(raw: raw.raw, offset: offset)
    }

    /// The call as a typed node.
    var syntax: FunctionCallExprSyntax {
        locator.node(at: place).cast(FunctionCallExprSyntax.self)
    }

    /// Its name and argument labels, for calls to a function that another file may declare; nil when the callee
    /// is not a name.
    var signature: CallSignature? {
        guard let callee else { return nil }
        return CallSignature(name: callee.name, call: raw)
    }

    /// Whether a closure is passed to it.
    var hasClosure: Bool {
        SessionAPIRecognizer.closure(of: raw) != nil
    }

    /// The concurrent work it starts, if it starts any: `Task { }`, `queue.async { }`.
    var spawn: Spawn? {
        SessionAPIRecognizer.mayStartWork(callee: callee) ? SessionAPIRecognizer.spawn(syntax) : nil
    }
}
