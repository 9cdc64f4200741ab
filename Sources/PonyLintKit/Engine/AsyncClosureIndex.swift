@_spi(RawSyntax) import SwiftSyntax

/// Decides which closures are async by the linter's definition: their signature says `async`, or their own body
/// (not a nested closure, function, initializer or accessor) contains `await`, `for await` or `async let`.
///
/// The walk asks as it reaches a closure, before it walks the body. A closure whose text contains neither `await`
/// nor `async` is settled by a byte search; any other is looked into by a walk of its own that skips nested
/// closures and function bodies (and stops at the first suspension), so no node is looked at by two such walks.
struct AsyncClosureIndex {
    let file: SourceFile
    let inactiveCode: InactiveCode

    /// Whether `closure`, which spans the UTF-8 offsets `range` of the file, is async; `syntax` makes its typed
    /// node, which only a closure that mentions `await` or `async` needs.
    func isAsync(_ closure: RawClosureExprSyntax, range: Range<Int>, syntax: () -> ClosureExprSyntax) -> Bool {
        if closure.signature?.effectSpecifiers?.asyncSpecifier != nil { return true }
        guard file.mentions(["await", "async"], in: range) else { return false }
        let node = syntax()
        let finder = SuspensionFinder(root: node.id, inactiveCode: inactiveCode)
        finder.walk(node)
        return finder.found
    }
}

/// Looks for a suspension in one closure's own code.
private final class SuspensionFinder: SyntaxAnyVisitor {
    private let root: SyntaxIdentifier
    private let inactiveCode: InactiveCode
    private(set) var found = false

    init(root: SyntaxIdentifier, inactiveCode: InactiveCode) {
        self.root = root
        self.inactiveCode = inactiveCode
        super.init(viewMode: .sourceAccurate)
    }

    /// Once a suspension is found, the rest is skipped.
    override func visitAny(_ node: Syntax) -> SyntaxVisitorContinueKind {
        found ? .skipChildren : .visitChildren
    }

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        node.id == root ? .visitChildren : .skipChildren
    }

    // Function bodies are barriers, the same ones the walk keeps frames for: an `await` in a nested function,
    // initializer or accessor does not make the enclosing closure async.
    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: AccessorDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }

    override func visit(_ node: IfConfigClauseSyntax) -> SyntaxVisitorContinueKind {
        inactiveCode.isInactive(node) ? .skipChildren : .visitChildren
    }

    override func visit(_ node: AwaitExprSyntax) -> SyntaxVisitorContinueKind { suspends() }

    override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
        node.awaitKeyword != nil ? suspends() : .visitChildren
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        node.modifiers.contains(where: { $0.name.tokenKind == .keyword(.async) }) ? suspends() : .visitChildren
    }

    private func suspends() -> SyntaxVisitorContinueKind {
        found = true
        return .skipChildren
    }
}
