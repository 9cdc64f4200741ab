import SwiftSyntax
import SwiftSyntaxMacros

/// `@_PonyEntityInit`, added by `@Entity` to each designated initializer: registers the new object with the
/// current session (as a pending INSERT) once it is fully initialized.
///
/// The registration runs at the end of the body and before every `return` that completes initialization;
/// an initializer that fails (`return nil`) or throws registers nothing.
public struct EntityInitMacro: BodyMacro {
    public static func expansion(
        of node: AttributeSyntax, providingBodyFor declaration: some DeclSyntaxProtocol & WithOptionalCodeBlockSyntax,
        in context: some MacroExpansionContext
    ) throws -> [CodeBlockItemSyntax] {
        guard let body = declaration.body else { return [] }
        let rewritten = ReturnRegistrationRewriter().rewrite(body).cast(CodeBlockSyntax.self)
        return Array(rewritten.statements) + ["Pony._EntityRuntime.didCreate(self)"]
    }
}

/// Puts the registration before each `return` of the initializer itself — not those of nested closures or
/// functions, and not `return nil`.
private final class ReturnRegistrationRewriter: SyntaxRewriter {
    override func visit(_ node: ClosureExprSyntax) -> ExprSyntax { ExprSyntax(node) }
    override func visit(_ node: FunctionDeclSyntax) -> DeclSyntax { DeclSyntax(node) }
    override func visit(_ node: AccessorBlockSyntax) -> AccessorBlockSyntax { node }

    override func visit(_ node: ReturnStmtSyntax) -> StmtSyntax {
        if let expression = node.expression, expression.is(NilLiteralExprSyntax.self) {
            return StmtSyntax(node)
        }
        return StmtSyntax("do { Pony._EntityRuntime.didCreate(self); return }")
            .with(\.leadingTrivia, node.leadingTrivia)
            .with(\.trailingTrivia, node.trailingTrivia)
    }
}
