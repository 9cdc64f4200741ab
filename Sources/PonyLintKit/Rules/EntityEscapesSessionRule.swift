import PonyRules
import SwiftSyntax

/// PONY004 entity-escapes-session: a session closure that returns an entity, or a collection of entities,
/// instead of mapping it through `snapshot()`, `snapshots()` or a property read.
struct EntityEscapesSessionRule: LintRule {
    let id: RuleID = "PONY004"

    /// Query members that still produce entities: `T.select(…).order(…).limit(…).fetch()`.
    private static let entityProducingMembers: Set<String> = ["get", "select", "filter", "order", "limit", "fetch", "first"]

    func visitClosure(_ closure: ClosureExprSyntax, role: ClosureRole, context: LintContext) {
        guard case .session(let bridge, let call) = role, !context.facts.entities.isEmpty else { return }
        let scope = "a `\(bridge ? "try await " : "")\(FactCollector.describeCall(call))` closure"
        var locals: [String: String] = [:]
        for item in closure.statements {
            guard let declaration = item.item.as(VariableDeclSyntax.self) else { continue }
            for binding in declaration.bindings {
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text,
                      let value = binding.initializer?.value else { continue }
                if let entity = entityType(of: value, locals: locals, entities: context.facts.entities) {
                    locals[name] = entity
                } else {
                    locals[name] = nil
                }
            }
        }
        for expression in returnedExpressions(of: closure) {
            guard let description = describeEntity(expression, locals: locals, entities: context.facts.entities) else { continue }
            context.report(id, at: expression.positionAfterSkippingLeadingTrivia, ["entity": description, "scope": scope])
        }
    }

    /// What the closure returns: every `return` of its own (not of nested closures or functions), or its single
    /// expression.
    private func returnedExpressions(of closure: ClosureExprSyntax) -> [ExprSyntax] {
        if closure.statements.count == 1, let expression = closure.statements.first?.item.as(ExprSyntax.self) {
            return [expression]
        }
        final class ReturnCollector: SyntaxVisitor {
            var expressions: [ExprSyntax] = []
            override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
            override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
            override func visit(_ node: ReturnStmtSyntax) -> SyntaxVisitorContinueKind {
                if let expression = node.expression { expressions.append(expression) }
                return .skipChildren
            }
        }
        let collector = ReturnCollector(viewMode: .sourceAccurate)
        collector.walk(closure.statements)
        return collector.expressions
    }

    /// "'user' (a User)", "a new User", "User[…]", "an array of entities" — or nil when no entity is returned.
    private func describeEntity(_ expression: ExprSyntax, locals: [String: String], entities: Set<String>) -> String? {
        let value = ManualSessionScan.unwrapped(expression)
        if let array = value.as(ArrayExprSyntax.self), !array.elements.isEmpty,
           array.elements.allSatisfy({ entityType(of: $0.expression, locals: locals, entities: entities) != nil }) {
            return "an array of entities"
        }
        if let tuple = value.as(TupleExprSyntax.self), tuple.elements.count > 1 {
            return tuple.elements.lazy.compactMap { describeEntity($0.expression, locals: locals, entities: entities) }.first
        }
        guard let type = entityType(of: value, locals: locals, entities: entities) else { return nil }
        if let reference = value.as(DeclReferenceExprSyntax.self) {
            return "'\(reference.baseName.text)' (\(type))"
        }
        return "`\(value.trimmedDescription)` (\(type))"
    }

    /// The entity type an expression produces, if it produces entities: a constructor `T(…)`, `T[…]`,
    /// `T.get…`, a `T.select…` chain ending in a query or `fetch()`/`first()`, or a local bound to one.
    private func entityType(of expression: ExprSyntax, locals: [String: String], entities: Set<String>) -> String? {
        var members: [String] = []
        var node = ManualSessionScan.unwrapped(expression)
        while true {
            if let call = node.as(FunctionCallExprSyntax.self) {
                node = call.calledExpression
            } else if let member = node.as(MemberAccessExprSyntax.self), let base = member.base {
                members.insert(member.declName.baseName.text, at: 0)
                node = base
            } else if let subscriptCall = node.as(SubscriptCallExprSyntax.self) {
                members.insert("[]", at: 0)
                node = subscriptCall.calledExpression
            } else if let unwrap = node.as(ForceUnwrapExprSyntax.self) {
                node = unwrap.expression
            } else if let chain = node.as(OptionalChainingExprSyntax.self) {
                node = chain.expression
            } else {
                break
            }
        }
        guard let root = node.as(DeclReferenceExprSyntax.self)?.baseName.text else { return nil }
        if let local = locals[root] {
            return members.allSatisfy(Self.entityProducingMembers.contains) ? local : nil
        }
        guard entities.contains(root) else { return nil }
        guard let first = members.first else {
            return expression.as(FunctionCallExprSyntax.self) != nil
                || ManualSessionScan.unwrapped(expression).is(FunctionCallExprSyntax.self) ? root : nil
        }
        guard first == "[]" || first == "get" || first == "select" else { return nil }
        return members.dropFirst().allSatisfy(Self.entityProducingMembers.contains) ? root : nil
    }
}
