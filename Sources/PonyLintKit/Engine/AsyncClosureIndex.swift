import SwiftSyntax

/// Finds the closures that are async by the linter's definition: their signature says `async`, or their own
/// body (not a nested closure, function, initializer or accessor) contains `await`, `for await` or `async let`.
/// One linear walk.
final class AsyncClosureIndex: SyntaxVisitor {
    private(set) var asyncClosures: Set<SyntaxIdentifier> = []
    /// Open closures and functions, innermost last; functions are barriers that collect nothing.
    private var open: [(id: SyntaxIdentifier, isClosure: Bool, suspends: Bool)] = []

    private let inactiveCode: InactiveCode

    init(inactiveCode: InactiveCode) {
        self.inactiveCode = inactiveCode
        super.init(viewMode: .sourceAccurate)
    }

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        let declaredAsync = node.signature?.effectSpecifiers?.asyncSpecifier != nil
        open.append((node.id, true, declaredAsync))
        return .visitChildren
    }

    override func visitPost(_ node: ClosureExprSyntax) {
        if let closure = open.popLast(), closure.suspends { asyncClosures.insert(closure.id) }
    }

    // Function bodies are barriers, the same ones the rules walk keeps frames for: an `await` in a nested
    // function, initializer or accessor does not make the enclosing closure async.

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { openBarrier(node) }
    override func visitPost(_ node: FunctionDeclSyntax) { open.removeLast() }
    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind { openBarrier(node) }
    override func visitPost(_ node: InitializerDeclSyntax) { open.removeLast() }
    override func visit(_ node: AccessorDeclSyntax) -> SyntaxVisitorContinueKind { openBarrier(node) }
    override func visitPost(_ node: AccessorDeclSyntax) { open.removeLast() }

    private func openBarrier(_ node: some SyntaxProtocol) -> SyntaxVisitorContinueKind {
        open.append((node.id, false, false))
        return .visitChildren
    }

    override func visit(_ node: IfConfigClauseSyntax) -> SyntaxVisitorContinueKind {
        inactiveCode.isInactive(node) ? .skipChildren : .visitChildren
    }

    override func visit(_ node: AwaitExprSyntax) -> SyntaxVisitorContinueKind {
        markSuspension()
        return .visitChildren
    }

    override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
        if node.awaitKeyword != nil { markSuspension() }
        return .visitChildren
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        if node.modifiers.contains(where: { $0.name.tokenKind == .keyword(.async) }) { markSuspension() }
        return .visitChildren
    }

    private func markSuspension() {
        if let last = open.last, last.isClosure { open[open.count - 1].suspends = true }
    }
}
