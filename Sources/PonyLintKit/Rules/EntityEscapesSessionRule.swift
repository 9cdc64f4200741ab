import PonyRules
@_spi(RawSyntax) import SwiftSyntax

/// PONY004 entity-escapes-session: a session closure that returns an entity, or a collection of entities,
/// instead of mapping it through `snapshot()`, `snapshots()` or a property read.
final class EntityEscapesSessionRule: SessionClosureHook {
    let id: RuleID = "PONY004"

    /// Query members that still produce entities: `T.select(…).order(…).limit(…).fetch()`.
    static let entityProducingMembers: Set<String> = ["get", "select", "filter", "order", "limit", "fetch", "first"]

    func visitSessionClosure(
        _ closure: RawClosureExprSyntax, place: TreePlace, returns: [ReturnedExpression], bridge: Bool, call: CallSite,
        context: LintContext
    ) {
        // Most session closures return nothing that could be an entity (`item.snapshot()`, `.count`): the raw tree
        // settles them, and only the others are made into typed nodes.
        let candidates = returns.filter { ExpressionShape.couldBeEntity(returned: $0.expression) }
        guard !candidates.isEmpty else { return }
        let closure = call.locator.node(at: place).cast(ClosureExprSyntax.self)
        let returned = candidates.map { candidate in
            let expression = candidate.expression(locator: call.locator)
            return (expression, ExpressionShape.returned(expression, in: context.file))
        }
        let scope = "a `\(bridge ? "try await " : "")\(FactCollector.describeCall(call.raw))` closure"
        // Which classes are entities may be declared in another file: the closure is read into shapes now and
        // judged once every file's entities are known.
        var locals: [EntityEscapeQuestion.Local] = []
        for item in closure.statements {
            guard let declaration = item.item.as(VariableDeclSyntax.self) else { continue }
            for binding in declaration.bindings {
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text,
                      let value = binding.initializer?.value else { continue }
                locals.append(.init(name: name, value: ExpressionShape.chain(value, in: context.file)))
            }
        }
        for (expression, shape) in returned {
            context.reportLater(
                id, at: expression.positionAfterSkippingLeadingTrivia,
                .returnsEntity(EntityEscapeQuestion(locals: locals, returned: shape, scope: scope)))
        }
    }

    /// The message's values for a returned expression once every file's entities are known: nil unless it
    /// produces an entity.
    static func messageValues(for question: EntityEscapeQuestion, facts: ProjectFacts) -> [String: String]? {
        guard !facts.entities.isEmpty else { return nil }
        var types: [String: String] = [:]
        for local in question.locals { types[local.name] = entityType(of: local.value, locals: types, entities: facts.entities) }
        guard let description = describeEntity(question.returned, locals: types, entities: facts.entities) else { return nil }
        return ["entity": description, "scope": question.scope]
    }

    /// "'user' (User)", "`User(…)` (User)", "an array of entities" — or nil when no entity is returned.
    private static func describeEntity(_ shape: ExpressionShape, locals: [String: String], entities: Set<String>) -> String? {
        switch shape {
        case .array(let elements):
            return elements.allSatisfy({ entityType(of: $0, locals: locals, entities: entities) != nil }) ? "an array of entities" : nil
        case .tuple(let elements):
            return elements.lazy.compactMap { describeEntity($0, locals: locals, entities: entities) }.first
        case .chain(let chain):
            guard let type = entityType(of: chain, locals: locals, entities: entities) else { return nil }
            return chain.isReference ? "'\(chain.root ?? "")' (\(type))" : "`\(chain.text)` (\(type))"
        }
    }

    /// The entity type an expression produces, if it produces entities: a constructor `T(…)`, `T[…]`,
    /// `T.get…`, a `T.select…` chain ending in a query or `fetch()`/`first()`, or a local bound to one.
    private static func entityType(of chain: ExpressionShape.Chain, locals: [String: String], entities: Set<String>) -> String? {
        guard let root = chain.root else { return nil }
        if let local = locals[root] {
            return chain.members.allSatisfy(entityProducingMembers.contains) ? local : nil
        }
        guard entities.contains(root) else { return nil }
        guard let first = chain.members.first else { return chain.isCall ? root : nil }
        guard first == "[]" || first == "get" || first == "select" else { return nil }
        return chain.members.dropFirst().allSatisfy(entityProducingMembers.contains) ? root : nil
    }
}

/// What PONY004 asks once every file's entities are known: does a session closure return an entity? Read from
/// syntax while the file is walked (the tree is gone by then, and a cached file is never parsed again).
struct EntityEscapeQuestion: Codable, Sendable {
    /// A `let`/`var` of the closure and the expression bound to it, in order.
    struct Local: Codable, Sendable {
        let name: String
        let value: ExpressionShape.Chain
    }

    let locals: [Local]
    let returned: ExpressionShape
    /// How the message names the closure: "a `db.session { … }` closure".
    let scope: String
}

/// What PONY004 needs to know about an expression, read from syntax while the file is walked, so the
/// verdict can wait until every file's entities are known (the tree is gone by then).
indirect enum ExpressionShape: Codable, Sendable {
    /// A call/member/subscript chain down to its root name: `User.select(…).fetch()`, `user`, `User(…)`.
    struct Chain: Codable, Sendable {
        /// The name at the bottom of the chain, or nil when it is not a plain name.
        let root: String?
        /// Members from the root outward; `[]` for a subscript.
        let members: [String]
        /// The expression (or the expression inside `try`/`await`/parentheses) is a call.
        let isCall: Bool
        /// The expression is just the name.
        let isReference: Bool
        /// How it is written (inside `try`/`await`/parentheses): the message quotes it.
        let text: String

        /// Rooted in a plain name, with only members that still produce entities: `T.select(…).fetch()`, `T[id]`.
        var couldBeEntity: Bool {
            root != nil && members.allSatisfy { $0 == "[]" || EntityEscapesSessionRule.entityProducingMembers.contains($0) }
        }
    }

    case chain(Chain)
    /// A non-empty array literal: entities when every element is one.
    case array([Chain])
    /// A tuple of two or more: reported by its first entity element.
    case tuple([ExpressionShape])

    /// A returned expression of `file`: array and tuple literals are looked into.
    static func returned(_ expression: ExprSyntax, in file: SourceFile) -> ExpressionShape {
        let value = ManualSessionScan.unwrapped(expression)
        if let array = value.as(ArrayExprSyntax.self), !array.elements.isEmpty {
            return .array(array.elements.map { chain($0.expression, in: file) })
        }
        if let tuple = value.as(TupleExprSyntax.self), tuple.elements.count > 1 {
            return .tuple(tuple.elements.map { returned($0.expression, in: file) })
        }
        return .chain(chain(expression, in: file))
    }

    /// The chain of an expression of `file`. Its text is cut from the file's text, which is what
    /// `trimmedDescription` gives without building a trimmed copy of the subtree (a sixth of the rules walk).
    static func chain(_ expression: ExprSyntax, in file: SourceFile) -> Chain {
        var members: [String] = []
        let unwrapped = ManualSessionScan.unwrapped(expression)
        var node = unwrapped
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
        let root = node.as(DeclReferenceExprSyntax.self)?.baseName.text
        let isReference = unwrapped.is(DeclReferenceExprSyntax.self)
        return Chain(
            root: root, members: members,
            isCall: expression.is(FunctionCallExprSyntax.self) || unwrapped.is(FunctionCallExprSyntax.self),
            isReference: isReference,
            text: file.trimmedText(of: unwrapped))
    }

    /// ``couldBeEntity`` of ``returned(_:in:)``, read from the raw tree: the same unwrapping, literals and chain
    /// steps, without making typed nodes.
    static func couldBeEntity(returned expression: RawExprSyntax) -> Bool {
        let value = ManualSessionScan.unwrapped(expression)
        if let array = value.as(RawArrayExprSyntax.self), !array.elements.layoutView.children.isEmpty {
            return array.elements.layoutView.children.allSatisfy { element in
                element.flatMap(RawArrayElementSyntax.init).map { couldBeEntity(chain: $0.expression) } ?? false
            }
        }
        if let tuple = value.as(RawTupleExprSyntax.self), tuple.elements.layoutView.children.count > 1 {
            return tuple.elements.layoutView.children.contains { element in
                element.flatMap(RawLabeledExprSyntax.init).map { couldBeEntity(returned: $0.expression) } ?? false
            }
        }
        return couldBeEntity(chain: expression)
    }

    /// ``Chain/couldBeEntity`` of ``chain(_:in:)``, read from the raw tree.
    private static func couldBeEntity(chain expression: RawExprSyntax) -> Bool {
        var node = ManualSessionScan.unwrapped(expression)
        while true {
            if let call = node.as(RawFunctionCallExprSyntax.self) {
                node = call.calledExpression
            } else if let member = node.as(RawMemberAccessExprSyntax.self), let base = member.base {
                let name = String(syntaxText: member.declName.baseName.tokenText)
                guard EntityEscapesSessionRule.entityProducingMembers.contains(name) else { return false }
                node = base
            } else if let subscriptCall = node.as(RawSubscriptCallExprSyntax.self) {
                node = subscriptCall.calledExpression
            } else if let unwrap = node.as(RawForceUnwrapExprSyntax.self) {
                node = unwrap.expression
            } else if let chain = node.as(RawOptionalChainingExprSyntax.self) {
                node = chain.expression
            } else {
                return node.is(RawDeclReferenceExprSyntax.self)
            }
        }
    }

    /// Whether an entity could be behind it at all, whichever classes turn out to be entities: only a chain rooted
    /// in a plain name, all of whose members still produce entities, can be one (see `entityType(of:locals:entities:)`).
    /// Any other returned expression is settled now instead of waiting for every file's entities.
    var couldBeEntity: Bool {
        switch self {
        case .chain(let chain): chain.couldBeEntity
        case .array(let elements): elements.allSatisfy(\.couldBeEntity)
        case .tuple(let elements): elements.contains(where: \.couldBeEntity)
        }
    }
}
