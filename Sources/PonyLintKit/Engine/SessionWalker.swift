@_spi(RawSyntax) import SwiftSyntax

/// The walk of one file: it keeps the stack of async contexts and session scopes, lets every rule look at the nodes
/// it cares about, and feeds the file's facts to a ``FactCollector`` on the way.
///
/// It walks the tree's raw nodes, which costs about a sixth of a `SyntaxVisitor` walk: a typed node (`Syntax`) is an
/// allocation in the tree's arena plus reference counting, and a visitor makes one for every node and token. The
/// walk makes typed nodes (through a ``SyntaxLocator``) only where a hook reads a node in full: declarations of
/// functions, initializers, accessors and classes, `#if` clauses, session closures, blocks that may open a manual
/// session, and the calls a rule reports. Every call is classified from its raw layout (``CallSite``). Names, types and
/// expressions whose text shows no call, closure, `#if` or `await` (``InertText``) are stepped over (``SteppedOver``).
struct SessionWalker {
    private let tree: SourceFileSyntax
    private let context: LintContext
    private let hooks: LintHooks
    private let facts: FactCollector
    private let inactiveCode: InactiveCode
    private let locator: SyntaxLocator
    /// The context's, kept here: read from the context (a class) for every call, the struct would be copied and its
    /// arrays retained and released each time.
    private let recognizer: SessionAPIRecognizer
    private let openSessionMentions: WordOffsets
    /// The text the walk need not enter; nothing while no file text is bound (``walk()``).
    private var inert = InertText.unbound
    private let screensInertText: Bool

    /// A node above the current one: its raw node and, for a call, where its ``CallSite`` is in `calls`.
    struct Ancestor {
        let raw: RawSyntax
        let call: Int
    }

    /// The nodes enclosing the current one, innermost last.
    private var ancestors = AncestorStack()
    /// The calls enclosing the current node, innermost last.
    private var calls: [CallSite] = []
    /// For each closure and function around the current node, innermost last: the `return`s that belong to it,
    /// and for a closure where its statements are. Session closures hand theirs to PONY004 when they end.
    private var returnScopes: [ReturnScope] = []

    private struct ReturnScope {
        var returns: [ReturnedExpression] = []
        /// Where a closure's statements start.
        var statementsOffset: Int?
    }

    /// The session closures around the current node, innermost last.
    private var sessionClosures: [SessionClosure] = []

    /// A session closure being walked: what its hook needs when it ends.
    private struct SessionClosure {
        let closure: RawClosureExprSyntax
        let place: TreePlace
        let bridge: Bool
        let call: CallSite
    }

    /// Statements inside manual sessions, by the UTF-8 offset where they start, with the description of each session
    /// around them. A statement nested at the same offset (possible only where tokens are missing) is entered after
    /// the block's own statement, which takes the entry away first.
    private var manualScopeItems: [Int: [String]] = [:]

    /// What to undo once a node's children are walked.
    private enum Exit {
        case nothing
        case function
        case frame
        case closure
        case sessionClosure
        case call
        case frames(Int)
    }

    init(
        tree: SourceFileSyntax, context: LintContext, rules: [any LintRule], facts: FactCollector, inactiveCode: InactiveCode,
        screensInertText: Bool = true
    ) {
        self.tree = tree
        self.screensInertText = screensInertText
        self.context = context
        hooks = LintHooks(rules)
        self.facts = facts
        self.inactiveCode = inactiveCode
        locator = context.locator
        recognizer = context.recognizer
        openSessionMentions = context.openSessionMentions
    }

    mutating func walk() {
        defer { ancestors.deallocate() }
        let root = tree.raw
        // A tree with errors may hold nodes whose tokens are missing from the text: no text of it is inert.
        guard screensInertText, !root.hasError else {
            return walk(root, layout: root.layoutView!, offset: 0, length: root.byteLength)
        }
        let text = context.file.text
        text.withCString { bytes in
            let count = text.utf8.count
            inert = InertText(UnsafeBufferPointer(start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: count))
            defer { inert = .unbound }
            walk(root, layout: root.layoutView!, offset: 0, length: root.byteLength)
        }
    }

    /// Walks `raw`, which starts at UTF-8 offset `offset` and spans `length` bytes.
    private mutating func walk(_ raw: RawSyntax, layout: RawSyntaxLayoutView, offset: Int, length: Int) {
        let exit: Exit
        switch raw.kind {
        case .functionDecl: exit = enterFunction(raw, offset: offset)
        case .initializerDecl: exit = enterInitializer(raw, offset: offset)
        case .accessorDecl: exit = enterAccessor(node(raw, at: offset))
        case .classDecl:
            facts.enterClass(RawClassDeclSyntax(raw)!)
            exit = .nothing
        case .closureExpr: exit = enterClosure(raw, offset: offset, length: length)
        case .functionCallExpr: exit = enterCall(raw, offset: offset)
        case .awaitExpr:
            let keyword = RawAwaitExprSyntax(raw)!.awaitKeyword.raw
            suspend(at: SyntaxLocator.place(of: keyword, in: TreePlace(raw: raw, offset: offset)).position, spelled: "await")
            exit = .nothing
        case .forStmt:
            if let keyword = RawForStmtSyntax(raw)!.awaitKeyword?.raw {
                suspend(at: SyntaxLocator.place(of: keyword, in: TreePlace(raw: raw, offset: offset)).position, spelled: "for await")
            }
            exit = .nothing
        case .variableDecl:
            if ActorIsolation.hasModifier(RawVariableDeclSyntax(raw)!.modifiers, "async"),
               let modifier = node(raw, at: offset, as: VariableDeclSyntax.self).modifiers.first(where: { $0.name.tokenKind == .keyword(.async) }) {
                suspend(at: modifier.name.positionAfterSkippingLeadingTrivia, spelled: "async let")
            }
            exit = .nothing
        case .codeBlockItemList:
            if ancestors.last?.raw.kind == .closureExpr { returnScopes[returnScopes.count - 1].statementsOffset = offset }
            visitBlock(raw, offset: offset, length: length)
            exit = .nothing
        case .returnStmt:
            if !returnScopes.isEmpty, let expression = RawReturnStmtSyntax(raw)!.expression {
                returnScopes[returnScopes.count - 1].returns.append(
                    ReturnedExpression(expression: expression, holder: TreePlace(raw: raw, offset: offset), isReturnStatement: true))
            }
            exit = .nothing
        case .codeBlockItem: exit = enterItem(at: offset)
        case .ifConfigClause:
            // Code that never compiles.
            if inactiveCode.isInactive(node(raw, at: offset)) { return }
            exit = .nothing
        case let kind:
            switch kind.steppedOver {
            case .always?: return
            case .whereInert?: if inert.isInert(from: offset, to: offset + length) { return }
            case nil: break
            }
            exit = .nothing
        }

        ancestors.append(Ancestor(raw: raw, call: calls.count - 1))
        var childOffset = offset
        for child in layout.children {
            guard let child else { continue }
            let childLength = child.byteLength
            // Tokens are most children: they are stepped over here, not walked.
            if let childLayout = child.layoutView {
                walk(child, layout: childLayout, offset: childOffset, length: childLength)
            }
            childOffset += childLength
        }
        ancestors.removeLast()

        switch exit {
        case .nothing: break
        case .function:
            returnScopes.removeLast()
            facts.exitFunction()
            context.pop()
        case .frame: context.pop()
        case .closure:
            returnScopes.removeLast()
            facts.exitClosure()
            context.pop()
        case .sessionClosure:
            // Taken out first: passed straight from `removeLast()`, the walker would be copied for the call.
            let session = sessionClosures.removeLast(), returns = returnScopes.removeLast()
            exitSessionClosure(session, returns: returns)
            facts.exitClosure()
            context.pop()
        case .call: calls.removeLast()
        case .frames(let count): for _ in 0..<count { context.pop() }
        }
    }

    private func node<Node: SyntaxProtocol>(_ raw: RawSyntax, at offset: Int, as type: Node.Type = Node.self) -> Node {
        locator.node(at: TreePlace(raw: raw, offset: offset)).cast(Node.self)
    }

    // MARK: Functions

    /// Read from the raw tree; the typed node is made only for a function with a session attribute, which rules
    /// report at the attribute.
    private mutating func enterFunction(_ raw: RawSyntax, offset: Int) -> Exit {
        let function = RawFunctionDeclSyntax(raw)!
        let hasSessionAttribute = recognizer.hasSessionAttribute(function.attributes)
        let attribute = hasSessionAttribute
            ? recognizer.sessionAttribute(in: node(raw, at: offset, as: FunctionDeclSyntax.self).attributes) : nil
        let isAsync = function.signature.effectSpecifiers?.asyncSpecifier != nil
        let isolation = ActorIsolation.of(owner: raw, in: enclosingType())
        let name = String(syntaxText: function.name.tokenText)
        facts.enterFunction(function, isAsync: isAsync, isolation: isolation, hasSessionAttribute: hasSessionAttribute)
        returnScopes.append(ReturnScope())
        context.push(.function(isAsync: isAsync, sessionAttribute: hasSessionAttribute, name: "\(name)()", isolation: isolation))
        for rule in hooks.functions { rule.visitFunction(name: name, isAsync: isAsync, sessionAttribute: attribute, context: context) }
        return .function
    }

    /// The type or extension whose member block declares the node being entered directly, not a protocol
    /// (``ActorIsolation/of(_:)``'s enclosing type, on the raw tree).
    private func enclosingType() -> RawSyntax? {
        let count = ancestors.count
        guard count >= 4, ancestors[count - 1].raw.kind == .memberBlockItem, ancestors[count - 3].raw.kind == .memberBlock
        else { return nil }
        let type = ancestors[count - 4].raw
        return type.kind == .protocolDecl ? nil : type
    }

    private func enterInitializer(_ raw: RawSyntax, offset: Int) -> Exit {
        let initializer = RawInitializerDeclSyntax(raw)!
        let attribute = recognizer.hasSessionAttribute(initializer.attributes)
            ? recognizer.sessionAttribute(in: node(raw, at: offset, as: InitializerDeclSyntax.self).attributes) : nil
        let isAsync = initializer.signature.effectSpecifiers?.asyncSpecifier != nil
        context.push(.function(
            isAsync: isAsync, sessionAttribute: attribute != nil, name: "init()",
            isolation: ActorIsolation.of(owner: raw, in: enclosingType())))
        for rule in hooks.functions { rule.visitFunction(name: "init", isAsync: isAsync, sessionAttribute: attribute, context: context) }
        return .frame
    }

    private func enterAccessor(_ node: AccessorDeclSyntax) -> Exit {
        context.push(.function(
            isAsync: node.effectSpecifiers?.asyncSpecifier != nil, sessionAttribute: false, name: node.accessorSpecifier.text,
            isolation: ActorIsolation.of(node)))
        return .frame
    }

    // MARK: Closures

    private mutating func enterClosure(_ raw: RawSyntax, offset: Int, length: Int) -> Exit {
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
        returnScopes.append(ReturnScope())
        switch role {
        case .plain:
            let isAsync = context.asyncClosures.isAsync(closure, range: offset..<(offset + length)) { node(raw, at: offset) }
            context.push(.closure(isAsync: isAsync, mainActor: ActorIsolation.isMainActor(closure, passedTo: call?.raw)))
        case .spawned(let spawn):
            // `Task { }` inherits the isolation of the code that starts it; detached and child tasks do not.
            let mainActor = ActorIsolation.isMainActor(closure, passedTo: call?.raw)
                || (spawn.inheritsIsolation && context.execution == .mainActor)
            context.push(.spawned(spawn, mainActor: mainActor))
        case .session(let bridge, let call):
            context.push(.session(bridge: bridge, call: call))
            sessionClosures.append(SessionClosure(closure: closure, place: TreePlace(raw: raw, offset: offset), bridge: bridge, call: call))
            return .sessionClosure
        }
        return .closure
    }

    /// A session closure ends: its hooks get what it returns — its `return`s, or its only statement when that is an
    /// expression.
    private func exitSessionClosure(_ session: SessionClosure, returns scope: ReturnScope) {
        guard !hooks.sessionClosures.isEmpty else { return }
        var returns = scope.returns
        let statements = session.closure.statements.layoutView.children
        if statements.count == 1, let statementsOffset = scope.statementsOffset,
           let item = statements.first.flatMap({ $0 }).flatMap(RawCodeBlockItemSyntax.init), let expression = RawExprSyntax(item.item) {
            // The only statement starts where the statements do.
            returns = [ReturnedExpression(
                expression: expression, holder: TreePlace(raw: item.raw, offset: statementsOffset), isReturnStatement: false)]
        }
        for rule in hooks.sessionClosures {
            rule.visitSessionClosure(
                session.closure, place: session.place, returns: returns, bridge: session.bridge, call: session.call, context: context)
        }
    }

    /// The call a closure is passed to, as trailing closure or argument.
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

    // MARK: Calls and suspensions

    private mutating func enterCall(_ raw: RawSyntax, offset: Int) -> Exit {
        let call = RawFunctionCallExprSyntax(raw)!
        let callee = SessionAPIRecognizer.callee(call)
        let isSessionCall = recognizer.isSessionCall(call, callee: callee)
        let site = CallSite(
            raw: call, callee: callee, isSessionCall: isSessionCall,
            isOpenSessionCall: recognizer.isOpenSessionCall(callee: callee), isAwaited: isSessionCall && isAwaited(raw),
            offset: offset, locator: locator)
        facts.visitCall(site)
        for rule in hooks.calls { rule.visitCall(site, context: context) }
        calls.append(site)
        return .call
    }

    /// Whether `raw`, the node being entered, is covered by an `await`: right after an `await` token (wherever the parser
    /// put it: in code it could not parse, `ws -> await db.session { … }`, the keyword may not become an
    /// `AwaitExprSyntax`, and PONY003's fix, which inserts that token, would insert it again on every run — found
    /// by the fuzz target), or inside an `await` expression that reaches it
    /// (``SessionAPIRecognizer/passesAwaitThrough(_:)``).
    private func isAwaited(_ raw: RawSyntax) -> Bool {
        if ancestors.tokenBefore(raw)?.rawText == "await" { return true }
        for ancestor in ancestors.innermostFirst {
            if ancestor.raw.kind == .awaitExpr { return true }
            guard SessionAPIRecognizer.passesAwaitThrough(ancestor.raw) else { return false }
        }
        return false
    }

    private func suspend(at keyword: AbsolutePosition, spelled: String) {
        for rule in hooks.suspensions { rule.visitSuspension(at: keyword, spelled: spelled, context: context) }
    }

    // MARK: Blocks and manual sessions

    /// A block that opens manual sessions: its statements inside each session get the session's frame. A block none
    /// of whose statements can open one (``mayOpenManualSession(_:offset:)``) is settled without a scan.
    private mutating func visitBlock(_ raw: RawSyntax, offset: Int, length: Int) {
        guard openSessionMentions.occurs(in: offset..<(offset + length)) else { return }
        var itemOffset = offset
        var mayOpen = false
        for item in raw.layoutView!.children {
            guard let item else { continue }
            if mayOpenManualSession(item, offset: itemOffset) {
                mayOpen = true
                break
            }
            itemOffset += item.byteLength
        }
        guard mayOpen else { return }
        let scan = ManualSessionScan(items: RawCodeBlockItemListSyntax(raw)!, offset: offset, recognizer: recognizer)
        guard !scan.sessions.isEmpty else { return }
        for rule in hooks.blocks { rule.visitBlock(at: TreePlace(raw: raw, offset: offset), manualSessions: scan.sessions, context: context) }
        for session in scan.sessions {
            for statement in session.scope {
                manualScopeItems[scan.statementOffsets[statement], default: []].append(session.scopeDescription)
            }
        }
    }

    /// Whether a statement can be one that opens a manual session (`let s = try db.openSession()`, `_ = try
    /// db.openSession()`): a variable declaration or an expression that spells an `openSession`-like method.
    /// Loops, conditionals and declarations are not, whatever they hold.
    private func mayOpenManualSession(_ item: RawSyntax, offset: Int) -> Bool {
        guard let statement = RawCodeBlockItemSyntax(item)?.item,
              statement.kind == .variableDecl || RawExprSyntax.isKindOf(statement)
        else { return false }
        return openSessionMentions.occurs(in: offset..<(offset + item.byteLength))
    }

    private mutating func enterItem(at offset: Int) -> Exit {
        // Each statement is entered once: its entry goes, so files without manual sessions left ask nothing, and a
        // statement nested at the same offset finds none.
        guard !manualScopeItems.isEmpty, let descriptions = manualScopeItems.removeValue(forKey: offset) else { return .nothing }
        for description in descriptions { context.push(.manualSession(description: description)) }
        return .frames(descriptions.count)
    }
}
