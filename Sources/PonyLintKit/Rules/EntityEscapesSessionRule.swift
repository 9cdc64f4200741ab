import PonyRules
@_spi(RawSyntax) import SwiftSyntax

/// PONY004 entity-escapes-session: a session closure that returns an entity, or a collection of entities,
/// instead of mapping it through `snapshot()`, `snapshots()` or a property read.
struct EntityEscapesSessionRule: LintRule {
    let id: RuleID = "PONY004"

    /// Query members that still produce entities: `T.select(…).order(…).limit(…).fetch()`.
    static let entityProducingMembers: Set<String> = ["get", "select", "filter", "order", "limit", "fetch", "first"]

    func visitSessionClosure(_ closure: ClosureExprSyntax, bridge: Bool, call: CallSite, context: LintContext) {
        let returned = returnedExpressions(of: closure, locator: call.locator, in: context.file).map { ($0, ExpressionShape.returned($0, in: context.file)) }.filter { $0.1.couldBeEntity }
        guard !returned.isEmpty else { return }
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

    /// What the closure returns: every `return` of its own (not of nested closures or functions), or its single
    /// expression.
    private func returnedExpressions(of closure: ClosureExprSyntax, locator: SyntaxLocator, in file: SourceFile) -> [ExprSyntax] {
        if closure.statements.count == 1, let expression = closure.statements.first?.item.as(ExprSyntax.self) {
            return [expression]
        }
        // Most closures return nothing: a byte search spares the walk of their statements.
        let statements = closure.statements
        guard file.mentions(["return"], in: statements.position.utf8Offset..<statements.endPosition.utf8Offset) else { return [] }
        var returns: [UInt64] = []
        _ = Self.collectReturns(in: statements.raw, index: statements.id.indexInTree.toOpaque(), into: &returns)
        return returns.compactMap { locator.node(at: $0).as(ReturnStmtSyntax.self)?.expression }
    }

    /// Collects the depth-first indices of the `return` statements in `raw`, whose index is `index`, leaving out
    /// nested closures and functions; returns how many nodes `raw`'s subtree holds. Read from the raw tree, so the
    /// closure's body is not made into typed nodes a second time.
    private static func collectReturns(in raw: RawSyntax, index: UInt64, looking: Bool = true, into returns: inout [UInt64]) -> UInt64 {
        guard let layout = raw.layoutView else { return 1 }
        var looking = looking && raw.kind != .closureExpr && raw.kind != .functionDecl
        if looking, raw.kind == .returnStmt {
            returns.append(index)
            looking = false
        }
        var next = index + 1
        for child in layout.children {
            guard let child else { continue }
            next += collectReturns(in: child, index: next, looking: looking, into: &returns)
        }
        return next - index
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
