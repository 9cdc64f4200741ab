import PonyRules
import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// `@DBSession`: runs a synchronous throwing function's body in a database session; `@DBSession(retry: n)`
/// runs it again on retryable errors, `@DBSession(optimistic: false)` turns off its optimistic checks.
///
/// On an `async` function it is a compile-time error whose message starts with
/// `PONY001 (session-on-async-function):` — the text comes from `Rules/PONY001.md`.
public struct DBSessionMacro: BodyMacro {
    public static func expansion(
        of node: AttributeSyntax, providingBodyFor declaration: some DeclSyntaxProtocol & WithOptionalCodeBlockSyntax,
        in context: some MacroExpansionContext
    ) throws -> [CodeBlockItemSyntax] {
        guard let body = declaration.body else { return [] }
        guard let function = declaration.as(FunctionDeclSyntax.self) else {
            context.diagnose(Diagnostic(node: node, message: PonyMacroDiagnostic(
                "dbsession-target", "@DBSession can only be applied to a function")))
            return Array(body.statements)
        }
        let effects = function.signature.effectSpecifiers
        if effects?.asyncSpecifier != nil {
            context.diagnose(Diagnostic(node: node, message: Self.asyncFunctionMessage(function.name.text)))
            return Array(body.statements)
        }
        guard let throwsClause = effects?.throwsClause, throwsClause.throwsSpecifier.tokenKind == .keyword(.throws),
              throwsClause.type == nil
        else {
            context.diagnose(Diagnostic(node: function.signature, message: PonyMacroDiagnostic(
                "dbsession-throws",
                "@DBSession requires a function marked 'throws' (untyped): committing the session can fail")))
            return Array(body.statements)
        }
        let returnType = function.signature.returnClause?.type.trimmed ?? "Void"
        // `some P` cannot be written as a closure's result type; let inference find it instead.
        let signature = returnType.description.contains("some ")
            ? nil
            : ClosureSignatureSyntax(
                parameterClause: .parameterClause(ClosureParameterClauseSyntax(parameters: [])),
                effectSpecifiers: TypeEffectSpecifiersSyntax(throwsClause: ThrowsClauseSyntax(throwsSpecifier: .keyword(.throws))),
                returnClause: ReturnClauseSyntax(type: returnType),
                inKeyword: .keyword(.in, leadingTrivia: .space))
        let closure = ClosureExprSyntax(signature: signature, statements: body.statements)
        let site = declarationSite(of: function, in: context)
        let entry = StringLiteralExprSyntax(
            content: "`@DBSession` function '\(function.name.text)()'\(site.map { " declared at \($0)" } ?? "")")
        let siteArgument = site.map { ", site: \(StringLiteralExprSyntax(content: $0))" } ?? ""
        let options = ["retry", "optimistic"].compactMap { label in
            argument(label, of: node).map { ", \(label): \($0)" }
        }
        return ["return try Pony._DBSessionScope.run(\(entry)\(raw: siteArgument)\(raw: options.joined())) \(closure)"]
    }

    /// "Module/File.swift:12" for the function, so the runtime checks' messages say where it is (its callers'
    /// lines are not known to it); nil when the compiler gives no location.
    static func declarationSite(of function: FunctionDeclSyntax, in context: some MacroExpansionContext) -> String? {
        guard let location = context.location(of: function, at: .afterLeadingTrivia, filePathMode: .fileID),
              let file = location.file.as(StringLiteralExprSyntax.self)?.representedLiteralValue,
              let line = location.line.as(IntegerLiteralExprSyntax.self)?.representedLiteralValue
        else { return nil }
        return "\(file):\(line)"
    }

    /// The expression given for `label`, if any (`@DBSession(retry: 3)`).
    static func argument(_ label: String, of node: AttributeSyntax) -> ExprSyntax? {
        guard case .argumentList(let arguments) = node.arguments else { return nil }
        return arguments.first { $0.label?.text == label }?.expression.trimmed
    }

    /// The PONY001 diagnostic, worded from the rule catalog.
    static func asyncFunctionMessage(_ function: String) -> PonyMacroDiagnostic {
        let rule = RuleCatalog[id: "PONY001"]
        return PonyMacroDiagnostic(
            rule.id.rawValue,
            "\(rule.diagnosticPrefix): @DBSession cannot be applied to async function '\(function)'; a session must not "
                + "stay open across an await. \(rule.fixTitle). \(rule.explainHint)")
    }
}
