@_spi(RawSyntax) import SwiftSyntax

/// The walk of one file: it keeps the stack of async contexts and session scopes, lets every rule look at the nodes
/// it cares about, and feeds the file's facts to a ``FactCollector`` on the way.
///
/// It walks the tree's raw nodes, which costs about a sixth of a `SyntaxVisitor` walk: a typed node (`Syntax`) is an
/// allocation in the tree's arena plus reference counting, and a visitor makes one for every node and token. The
/// walk makes typed nodes (through a ``SyntaxLocator``) only where a hook reads a node in full: declarations of
/// functions, initializers, accessors and classes, `#if` clauses, session closures, blocks that may open a manual
/// session, and the calls a rule reports. Every call is classified from its raw layout (``CallSite``).
struct SessionWalker {
    private let tree: SourceFileSyntax
    private let context: LintContext
    private let rules: [any LintRule]
    private let facts: FactCollector
    private let inactiveCode: InactiveCode
    private let locator: SyntaxLocator

    /// A node above the current one: its raw node and, for a call, where its ``CallSite`` is in `calls`.
    private struct Ancestor {
        let raw: RawSyntax
        let call: Int
    }

    /// The nodes enclosing the current one, innermost last.
    private var ancestors: ContiguousArray<Ancestor> = []
    /// The calls enclosing the current node, innermost last.
    private var calls: [CallSite] = []
    /// Whether the last token before the current node (in source order, missing tokens left out) is `await`.
    private var followsAwait = false
    /// Statements inside manual sessions (by depth-first index), with the description of each session around them.
    private var manualScopeItems: [UInt64: [String]] = [:]

    /// What to undo once a node's children are walked.
    private enum Exit {
        case nothing
        case function
        case frame
        case closure
        case call
        case frames(Int)
    }

    init(tree: SourceFileSyntax, context: LintContext, rules: [any LintRule], facts: FactCollector, inactiveCode: InactiveCode) {
        self.tree = tree
        self.context = context
        self.rules = rules
        self.facts = facts
        self.inactiveCode = inactiveCode
        locator = SyntaxLocator(root: tree)
    }

    mutating func walk() {
        ancestors.reserveCapacity(64)
        _ = walk(tree.raw, index: 0, offset: 0)
    }

    /// Walks `raw`, whose depth-first index in the tree is `index` and which starts at UTF-8 offset `offset`;
    /// returns how many nodes its subtree holds, so the next node's index is known.
    private mutating func walk(_ raw: RawSyntax, index: UInt64, offset: Int) -> UInt64 {
        guard let layout = raw.layoutView else { return skip(raw) }
        let exit: Exit
        switch raw.kind {
        case .functionDecl: exit = enterFunction(node(at: index))
        case .initializerDecl: exit = enterInitializer(node(at: index))
        case .accessorDecl: exit = enterAccessor(node(at: index))
        case .classDecl:
            facts.enterClass(node(at: index))
            exit = .nothing
        case .closureExpr: exit = enterClosure(raw, index: index, offset: offset)
        case .functionCallExpr: exit = enterCall(raw, index: index, offset: offset)
        case .awaitExpr:
            let keyword = RawAwaitExprSyntax(raw)!.awaitKeyword.raw
            suspend(at: Self.position(of: keyword, in: raw, at: offset), spelled: "await")
            exit = .nothing
        case .forStmt:
            if let keyword = RawForStmtSyntax(raw)!.awaitKeyword?.raw {
                suspend(at: Self.position(of: keyword, in: raw, at: offset), spelled: "for await")
            }
            exit = .nothing
        case .variableDecl:
            if Self.hasAsyncModifier(RawVariableDeclSyntax(raw)!),
               let modifier = node(at: index, as: VariableDeclSyntax.self).modifiers.first(where: { $0.name.tokenKind == .keyword(.async) }) {
                suspend(at: modifier.name.positionAfterSkippingLeadingTrivia, spelled: "async let")
            }
            exit = .nothing
        case .codeBlockItemList:
            visitBlock(raw, index: index, offset: offset)
            exit = .nothing
        case .codeBlockItem: exit = enterItem(index)
        case .ifConfigClause:
            // Code that never compiles.
            if inactiveCode.isInactive(node(at: index)) { return skip(raw) }
            exit = .nothing
        // Names, types, literals, modifiers and imports hold no call, closure, declaration or suspension.
        case .declReferenceExpr, .identifierType, .memberType, .typeAnnotation, .returnClause, .inheritanceClause,
            .genericParameterClause, .genericWhereClause, .declModifierList, .importDecl, .integerLiteralExpr,
            .floatLiteralExpr, .booleanLiteralExpr, .stringSegment:
            return skip(raw)
        default: exit = .nothing
        }

        ancestors.append(Ancestor(raw: raw, call: calls.count - 1))
        var childIndex = index + 1
        var childOffset = offset
        for child in layout.children {
            guard let child else { continue }
            childIndex += walk(child, index: childIndex, offset: childOffset)
            childOffset += child.byteLength
        }
        ancestors.removeLast()

        switch exit {
        case .nothing: break
        case .function:
            facts.exitFunction()
            context.pop()
        case .frame: context.pop()
        case .closure:
            facts.exitClosure()
            context.pop()
        case .call: calls.removeLast()
        case .frames(let count): for _ in 0..<count { context.pop() }
        }
        return childIndex - index
    }

    /// A subtree the hooks do not look into — a token, or a node that holds no code or never compiles: its nodes
    /// are counted and its last token is remembered.
    private mutating func skip(_ raw: RawSyntax) -> UInt64 {
        if let token = raw.tokenView {
            if token.presence == .present { followsAwait = token.rawText == "await" }
            return 1
        }
        var count: UInt64 = 1
        for child in raw.layoutView!.children {
            if let child { count += skip(child) }
        }
        return count
    }

    private func node<Node: SyntaxProtocol>(at index: UInt64, as type: Node.Type = Node.self) -> Node {
        locator.node(at: index).cast(Node.self)
    }

    // MARK: Functions

    private func enterFunction(_ node: FunctionDeclSyntax) -> Exit {
        let attribute = context.recognizer.sessionAttribute(in: node.attributes)
        let isAsync = node.signature.effectSpecifiers?.asyncSpecifier != nil
        let isolation = ActorIsolation.of(node)
        facts.enterFunction(node, isAsync: isAsync, isolation: isolation)
        context.push(.function(isAsync: isAsync, sessionAttribute: attribute != nil, name: "\(node.name.text)()", isolation: isolation))
        for rule in rules { rule.visitFunction(name: node.name.text, isAsync: isAsync, sessionAttribute: attribute, context: context) }
        return .function
    }

    private func enterInitializer(_ node: InitializerDeclSyntax) -> Exit {
        let attribute = context.recognizer.sessionAttribute(in: node.attributes)
        let isAsync = node.signature.effectSpecifiers?.asyncSpecifier != nil
        context.push(.function(
            isAsync: isAsync, sessionAttribute: attribute != nil, name: "init()", isolation: ActorIsolation.of(node)))
        for rule in rules { rule.visitFunction(name: "init", isAsync: isAsync, sessionAttribute: attribute, context: context) }
        return .frame
    }

    private func enterAccessor(_ node: AccessorDeclSyntax) -> Exit {
        context.push(.function(
            isAsync: node.effectSpecifiers?.asyncSpecifier != nil, sessionAttribute: false, name: node.accessorSpecifier.text,
            isolation: ActorIsolation.of(node)))
        return .frame
    }

    // MARK: Closures

    private mutating func enterClosure(_ raw: RawSyntax, index: UInt64, offset: Int) -> Exit {
        let closure = RawClosureExprSyntax(raw)!
        let call = receivingCall(of: raw)
        let role: ClosureRole
        if let call, call.isSessionCall, SessionAPIRecognizer.closure(of: call.raw)?.raw.id == raw.id {
            role = .session(bridge: call.isAwaited, call: call)
        } else if let spawn = call?.spawn {
            role = .spawned(spawn)
        } else {
            role = .plain
        }
        facts.enterClosure(role: role)
        switch role {
        case .plain:
            let isAsync = context.asyncClosures.isAsync(closure, range: offset..<(offset + raw.byteLength)) { node(at: index) }
            context.push(.closure(isAsync: isAsync, mainActor: isMainActor(closure, index: index, call: call)))
        case .spawned(let spawn):
            // `Task { }` inherits the isolation of the code that starts it; detached and child tasks do not.
            let mainActor = isMainActor(closure, index: index, call: call)
                || (spawn.inheritsIsolation && context.execution == .mainActor)
            context.push(.spawned(spawn, mainActor: mainActor))
        case .session(let bridge, let call):
            if !rules.isEmpty {
                let syntax: ClosureExprSyntax = node(at: index)
                for rule in rules { rule.visitSessionClosure(syntax, bridge: bridge, call: call, context: context) }
            }
            context.push(.session(bridge: bridge, call: call))
        }
        return .closure
    }

    /// The call a closure is passed to, as trailing closure or argument (``SessionAPIRecognizer/call(receiving:)``
    /// on the raw tree).
    private func receivingCall(of closure: RawSyntax) -> CallSite? {
        guard let parent = ancestors.last else { return nil }
        switch parent.raw.kind {
        case .functionCallExpr:
            // Its trailing closure, not a closure called where it is written: `{ … }()`.
            guard RawFunctionCallExprSyntax(parent.raw)!.trailingClosure?.raw.id == closure.id else { return nil }
            return calls[parent.call]
        case .labeledExpr, .multipleTrailingClosureElement:
            // An argument, in the call's argument list, or an additional trailing closure, in its list.
            guard ancestors.count >= 3 else { return nil }
            let holder = ancestors[ancestors.count - 3]
            return holder.raw.kind == .functionCallExpr ? calls[holder.call] : nil
        default:
            return nil
        }
    }

    /// ``ActorIsolation/isMainActor(_:)``, asked only of a closure with attributes or passed to a call named like
    /// `MainActor.run`.
    private func isMainActor(_ closure: RawClosureExprSyntax, index: UInt64, call: CallSite?) -> Bool {
        let hasAttributes = closure.signature.map { !$0.attributes.layoutView.children.isEmpty } ?? false
        let mayBeMainActorRun = call?.callee.map { $0.isMember && ($0.name == "run" || $0.name == "assumeIsolated") } ?? false
        guard hasAttributes || mayBeMainActorRun else { return false }
        return ActorIsolation.isMainActor(node(at: index))
    }

    // MARK: Calls and suspensions

    private mutating func enterCall(_ raw: RawSyntax, index: UInt64, offset: Int) -> Exit {
        let call = RawFunctionCallExprSyntax(raw)!
        let callee = SessionAPIRecognizer.callee(call)
        let isSessionCall = context.recognizer.isSessionCall(call, callee: callee)
        let site = CallSite(
            raw: call, callee: callee, isSessionCall: isSessionCall,
            isOpenSessionCall: context.recognizer.isOpenSessionCall(callee: callee), isAwaited: isSessionCall && isAwaited(),
            position: AbsolutePosition(utf8Offset: offset + raw.leadingTriviaByteLength), index: index, locator: locator)
        facts.visitCall(site)
        for rule in rules { rule.visitCall(site, context: context) }
        calls.append(site)
        return .call
    }

    /// Whether the node being entered is covered by an `await`: right after an `await` token (wherever the parser
    /// put it: in code it could not parse, `ws -> await db.session { … }`, the keyword may not become an
    /// `AwaitExprSyntax`, and PONY003's fix, which inserts that token, would insert it again on every run — found
    /// by the fuzz target), or inside an `await` expression that reaches it
    /// (``SessionAPIRecognizer/passesAwaitThrough(_:)``).
    private func isAwaited() -> Bool {
        if followsAwait { return true }
        for ancestor in ancestors.reversed() {
            if ancestor.raw.kind == .awaitExpr { return true }
            guard SessionAPIRecognizer.passesAwaitThrough(ancestor.raw) else { return false }
        }
        return false
    }

    private func suspend(at keyword: AbsolutePosition, spelled: String) {
        for rule in rules { rule.visitSuspension(at: keyword, spelled: spelled, context: context) }
    }

    private static func hasAsyncModifier(_ declaration: RawVariableDeclSyntax) -> Bool {
        declaration.modifiers.layoutView.children.contains { modifier in
            guard let name = modifier.flatMap(RawDeclModifierSyntax.init)?.name else { return false }
            return name.tokenKind == .keyword && name.tokenText == "async"
        }
    }

    /// Where `child`, one of `parent`'s own children, starts after its leading trivia; `parent` starts at `offset`.
    private static func position(of child: RawSyntax, in parent: RawSyntax, at offset: Int) -> AbsolutePosition {
        var offset = offset
        for slot in parent.layoutView!.children {
            guard let slot else { continue }
            if slot.id == child.id { break }
            offset += slot.byteLength
        }
        return AbsolutePosition(utf8Offset: offset + child.leadingTriviaByteLength)
    }

    // MARK: Blocks and manual sessions

    /// A block that cannot open a manual session (it does not spell an `openSession`-like method) is settled
    /// by a byte search.
    private mutating func visitBlock(_ raw: RawSyntax, index: UInt64, offset: Int) {
        guard context.openSessionMentions.occurs(in: offset..<(offset + raw.byteLength)) else { return }
        let node: CodeBlockItemListSyntax = node(at: index)
        let sessions = ManualSessionScan(items: node, recognizer: context.recognizer).sessions
        for rule in rules { rule.visitBlock(node, manualSessions: sessions, context: context) }
        guard !sessions.isEmpty else { return }
        let items = Array(node)
        for session in sessions {
            for index in session.scope {
                manualScopeItems[items[index].id.indexInTree.toOpaque(), default: []].append(session.scopeDescription)
            }
        }
    }

    private func enterItem(_ index: UInt64) -> Exit {
        guard !manualScopeItems.isEmpty, let descriptions = manualScopeItems[index] else { return .nothing }
        for description in descriptions { context.push(.manualSession(description: description)) }
        return .frames(descriptions.count)
    }
}
