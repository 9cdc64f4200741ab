import SwiftSyntax

/// The walk of one file: it keeps the stack of async contexts and session scopes, lets every rule look at the nodes
/// it cares about, and feeds the file's facts to a ``FactCollector`` on the way.
final class SessionWalker: SyntaxVisitor {
    private let context: LintContext
    private let rules: [any LintRule]
    private let facts: FactCollector
    /// Statements inside manual sessions, with how many sessions enclose each.
    private var manualScopeItems: [SyntaxIdentifier: [String]] = [:]

    private let inactiveCode: InactiveCode

    init(context: LintContext, rules: [any LintRule], facts: FactCollector, inactiveCode: InactiveCode) {
        self.context = context
        self.rules = rules
        self.facts = facts
        self.inactiveCode = inactiveCode
        super.init(viewMode: .sourceAccurate)
    }

    // MARK: Functions

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        let attribute = context.recognizer.sessionAttribute(in: node.attributes)
        let isAsync = node.signature.effectSpecifiers?.asyncSpecifier != nil
        let isolation = ActorIsolation.of(node)
        facts.enterFunction(node, isAsync: isAsync, isolation: isolation)
        context.push(.function(isAsync: isAsync, sessionAttribute: attribute != nil, name: "\(node.name.text)()", isolation: isolation))
        for rule in rules { rule.visitFunction(name: node.name.text, isAsync: isAsync, sessionAttribute: attribute, context: context) }
        return .visitChildren
    }

    override func visitPost(_ node: FunctionDeclSyntax) {
        facts.exitFunction()
        context.pop()
    }

    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind {
        facts.enterClass(node)
        return .visitChildren
    }

    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        let attribute = context.recognizer.sessionAttribute(in: node.attributes)
        let isAsync = node.signature.effectSpecifiers?.asyncSpecifier != nil
        context.push(.function(
            isAsync: isAsync, sessionAttribute: attribute != nil, name: "init()", isolation: ActorIsolation.of(node)))
        for rule in rules { rule.visitFunction(name: "init", isAsync: isAsync, sessionAttribute: attribute, context: context) }
        return .visitChildren
    }

    override func visitPost(_ node: InitializerDeclSyntax) { context.pop() }

    override func visit(_ node: AccessorDeclSyntax) -> SyntaxVisitorContinueKind {
        context.push(.function(
            isAsync: node.effectSpecifiers?.asyncSpecifier != nil, sessionAttribute: false, name: node.accessorSpecifier.text,
            isolation: ActorIsolation.of(node)))
        return .visitChildren
    }

    override func visitPost(_ node: AccessorDeclSyntax) { context.pop() }

    // MARK: Closures

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        let role = context.recognizer.role(of: node)
        facts.enterClosure(role: role)
        for rule in rules { rule.visitClosure(node, role: role, context: context) }
        switch role {
        case .plain:
            context.push(.closure(isAsync: context.asyncClosures.isAsync(node), mainActor: ActorIsolation.isMainActor(node)))
        case .spawned(let spawn):
            // `Task { }` inherits the isolation of the code that starts it; detached and child tasks do not.
            let mainActor = ActorIsolation.isMainActor(node)
                || (spawn.inheritsIsolation && context.execution == .mainActor)
            context.push(.spawned(spawn, mainActor: mainActor))
        case .session(let bridge, let call):
            context.push(.session(bridge: bridge, call: call))
        }
        return .visitChildren
    }

    override func visitPost(_ node: ClosureExprSyntax) {
        facts.exitClosure()
        context.pop()
    }

    // MARK: Calls and suspensions

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        facts.visitCall(node)
        for rule in rules { rule.visitCall(node, context: context) }
        return .visitChildren
    }

    override func visit(_ node: AwaitExprSyntax) -> SyntaxVisitorContinueKind {
        for rule in rules { rule.visitSuspension(at: node.awaitKeyword, spelled: "await", context: context) }
        return .visitChildren
    }

    override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
        if let keyword = node.awaitKeyword {
            for rule in rules { rule.visitSuspension(at: keyword, spelled: "for await", context: context) }
        }
        return .visitChildren
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        if let modifier = node.modifiers.first(where: { $0.name.tokenKind == .keyword(.async) }) {
            for rule in rules { rule.visitSuspension(at: modifier.name, spelled: "async let", context: context) }
        }
        return .visitChildren
    }

    // MARK: Blocks and manual sessions

    override func visit(_ node: CodeBlockItemListSyntax) -> SyntaxVisitorContinueKind {
        let mayOpenSessions = context.openSessionMentions.occurs(in: node.position.utf8Offset..<node.endPosition.utf8Offset)
        let sessions = mayOpenSessions ? ManualSessionScan(items: node, recognizer: context.recognizer).sessions : []
        for rule in rules { rule.visitBlock(node, manualSessions: sessions, context: context) }
        guard !sessions.isEmpty else { return .visitChildren }
        let items = Array(node)
        for session in sessions {
            for index in session.scope {
                manualScopeItems[items[index].id, default: []].append(session.scopeDescription)
            }
        }
        return .visitChildren
    }

    override func visit(_ node: CodeBlockItemSyntax) -> SyntaxVisitorContinueKind {
        guard !manualScopeItems.isEmpty else { return .visitChildren }
        for description in manualScopeItems[node.id] ?? [] { context.push(.manualSession(description: description)) }
        return .visitChildren
    }

    override func visitPost(_ node: CodeBlockItemSyntax) {
        guard !manualScopeItems.isEmpty else { return }
        for _ in manualScopeItems[node.id] ?? [] { context.pop() }
    }

    // MARK: Subtrees without code

    // Names, types, literals, modifiers and imports hold no call, closure, declaration or suspension, so their
    // tokens are not visited one by one (about 2% of the instructions of a session-dense run).
    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: IdentifierTypeSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: MemberTypeSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: TypeAnnotationSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: ReturnClauseSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: InheritanceClauseSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: GenericParameterClauseSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: GenericWhereClauseSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: DeclModifierListSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: ImportDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: IntegerLiteralExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: FloatLiteralExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: BooleanLiteralExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: StringSegmentSyntax) -> SyntaxVisitorContinueKind { .skipChildren }

    // MARK: Code that never compiles

    override func visit(_ node: IfConfigClauseSyntax) -> SyntaxVisitorContinueKind {
        inactiveCode.isInactive(node) ? .skipChildren : .visitChildren
    }
}
