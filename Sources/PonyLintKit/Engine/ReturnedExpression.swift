@_spi(RawSyntax) import SwiftSyntax

/// An expression a closure returns, as the walk finds it in the raw tree: the operand of one of the closure's own
/// `return` statements (not of a nested closure or function), or the closure's only statement when that is an
/// expression.
struct ReturnedExpression {
    let expression: RawExprSyntax
    /// The `return` statement, or the closure's only statement, that holds it.
    let holder: TreePlace
    let isReturnStatement: Bool

    /// The expression as a typed node.
    func expression(locator: SyntaxLocator) -> ExprSyntax {
        let holder = locator.node(at: holder)
        if isReturnStatement { return holder.cast(ReturnStmtSyntax.self).expression! }
        return holder.cast(CodeBlockItemSyntax.self).item.cast(ExprSyntax.self)
    }
}
