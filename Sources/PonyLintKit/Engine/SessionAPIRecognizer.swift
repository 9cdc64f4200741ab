@_spi(RawSyntax) import SwiftSyntax

/// Recognizes the session API's spellings — and the ways work leaves the current thread — in syntax.
///
/// Calls are classified from their raw layout (the walk reads every call that way, without making typed nodes);
/// the typed overloads read the same layout, so both agree.
struct SessionAPIRecognizer {
    let api: SessionAPI

    /// The member or function name a call invokes — `session` in `db.session { }` — and whether it is a member.
    static func callee(_ call: RawFunctionCallExprSyntax) -> Callee? {
        let callee = call.calledExpression
        if let member = callee.as(RawMemberAccessExprSyntax.self) {
            return Callee(name: String(syntaxText: member.declName.baseName.tokenText), isMember: true)
        }
        if let reference = callee.as(RawDeclReferenceExprSyntax.self) {
            return Callee(name: String(syntaxText: reference.baseName.tokenText), isMember: false)
        }
        return nil
    }

    /// The member or function name a call invokes: `session` in `db.session { }`.
    static func calledName(_ call: FunctionCallExprSyntax) -> String? {
        callee(raw(call))?.name
    }

    /// The closure passed to a call: its trailing closure, or else its first closure argument.
    static func closure(of call: RawFunctionCallExprSyntax) -> RawClosureExprSyntax? {
        if let trailing = call.trailingClosure { return trailing }
        for argument in call.arguments.layoutView.children {
            if let closure = argument.flatMap(RawLabeledExprSyntax.init)?.expression.as(RawClosureExprSyntax.self) {
                return closure
            }
        }
        return nil
    }

    /// The closure passed to a call: its trailing closure, or else its first closure argument.
    static func closure(of call: FunctionCallExprSyntax) -> ClosureExprSyntax? {
        call.trailingClosure ?? call.arguments.lazy.compactMap { $0.expression.as(ClosureExprSyntax.self) }.first
    }

    /// `x.session { … }` in either form, for a call whose callee is `callee`.
    func isSessionCall(_ call: RawFunctionCallExprSyntax, callee: Callee?) -> Bool {
        guard let callee, callee.isMember, api.sessionMethods.contains(callee.name) else { return false }
        return Self.closure(of: call) != nil
    }

    /// `x.openSession()`, for a call whose callee is `callee`.
    func isOpenSessionCall(callee: Callee?) -> Bool {
        guard let callee, callee.isMember else { return false }
        return api.openSessionMethods.contains(callee.name)
    }

    /// `x.session { … }` in either form.
    func isSessionCall(_ call: FunctionCallExprSyntax) -> Bool {
        let call = Self.raw(call)
        return isSessionCall(call, callee: Self.callee(call))
    }

    /// `x.openSession()`.
    func isOpenSessionCall(_ call: FunctionCallExprSyntax) -> Bool {
        isOpenSessionCall(callee: Self.callee(Self.raw(call)))
    }

    private static func raw(_ call: FunctionCallExprSyntax) -> RawFunctionCallExprSyntax {
        RawFunctionCallExprSyntax(call.raw)!
    }

    /// `@DBSession` among the attributes.
    func hasSessionAttribute(_ attributes: AttributeListSyntax) -> Bool {
        hasSessionAttribute(RawAttributeListSyntax(attributes.raw)!)
    }

    /// `@DBSession` among the attributes, read from the raw tree.
    func hasSessionAttribute(_ attributes: RawAttributeListSyntax) -> Bool {
        ActorIsolation.attributeNames(attributes).contains(where: api.sessionAttributes.contains)
    }

    func sessionAttribute(in attributes: AttributeListSyntax) -> AttributeSyntax? {
        for element in attributes {
            guard case .attribute(let attribute) = element else { continue }
            if let name = Self.lastName(of: attribute.attributeName), api.sessionAttributes.contains(name) { return attribute }
        }
        return nil
    }

    /// `@Entity` on a class.
    func isEntity(_ declaration: RawClassDeclSyntax) -> Bool {
        ActorIsolation.attributeNames(declaration.attributes).contains(where: api.entityAttributes.contains)
    }

    /// `Entity` for `@Entity` and `@Pony.Entity`: the last name of an attribute's type, read from its token.
    static func lastName(of attributeType: TypeSyntax) -> String? {
        lastName(of: RawTypeSyntax(attributeType.raw)!)
    }

    /// `Entity` for `@Entity` and `@Pony.Entity`, read from the raw tree.
    static func lastName(of attributeType: RawTypeSyntax) -> String? {
        if let identifier = attributeType.as(RawIdentifierTypeSyntax.self) { return String(syntaxText: identifier.name.tokenText) }
        return attributeType.as(RawMemberTypeSyntax.self).map { String(syntaxText: $0.name.tokenText) }
    }

    /// Whether an `await` above `node` still covers the calls inside it: `await` applies to everything to its
    /// right in its expression, so `try await db.session { … }.map(\.name)` and `await f(db.session { … })` are the
    /// async bridge. Expressions and the lists and elements that hold them without starting a statement (arguments,
    /// tuple, array and dictionary elements, the operands of an operator sequence) pass it on; a closure or a
    /// statement does not.
    static func passesAwaitThrough(_ node: RawSyntax) -> Bool {
        switch node.kind {
        case .closureExpr:
            false
        case .labeledExpr, .labeledExprList, .exprList, .arrayElement, .arrayElementList, .dictionaryElement,
            .dictionaryElementList:
            true
        default:
            RawExprSyntax.isKindOf(node)
        }
    }

    /// Whether a call with this callee can start concurrent work at all: only then does ``spawn(_:)`` look further.
    /// Asked of every call, so the names are screened by their first byte before a set is asked.
    static func mayStartWork(callee: Callee?) -> Bool {
        guard let callee else { return false }
        guard callee.isMember else { return callee.name == "Task" || callee.name == "Thread" }
        return isSpawningMember(callee.name)
    }

    /// The kind of concurrent work a call starts, if it starts any.
    static func spawn(_ call: FunctionCallExprSyntax) -> Spawn? {
        let callee = call.calledExpression
        if let reference = callee.as(DeclReferenceExprSyntax.self) {
            switch reference.baseName.text {
            case "Task": return Spawn(kind: .task, description: "Task { … }", inheritsIsolation: true)
            case "Thread": return Spawn(kind: .thread, description: "Thread { … }")
            default: return nil
            }
        }
        guard let member = callee.as(MemberAccessExprSyntax.self) else { return nil }
        let name = member.declName.baseName.text
        guard isSpawningMember(name) else { return nil }
        let base = member.base.map(CompactSpelling.of) ?? ""
        switch name {
        case "detached" where base == "Task":
            return Spawn(kind: .task, description: "Task.detached { … }")
        case "addTask", "addTaskUnlessCancelled", "addDiscardingTask":
            return Spawn(kind: .task, description: "\(base.isEmpty ? "" : base + ".")\(name) { … }")
        case "detachNewThread" where base == "Thread":
            return Spawn(kind: .thread, description: "Thread.detachNewThread { … }")
        case "async", "asyncAfter", "asyncAndWait":
            guard isDispatchQueue(member.base) else { return nil }
            return Spawn(kind: .dispatch, description: "\(base).\(name) { … }")
        default:
            return nil
        }
    }

    /// The member names `spawn` looks at; any other call is settled without spelling its receiver.
    private static let spawningMembers: Set<String> = [
        "detached", "addTask", "addTaskUnlessCancelled", "addDiscardingTask", "detachNewThread", "async", "asyncAfter",
        "asyncAndWait",
    ]

    /// Whether `name` is one of ``spawningMembers``. They all start with `a` or `d`: most names are settled by that
    /// byte, without hashing (a `switch` over the names compares strings one by one, and cost more than the set).
    private static func isSpawningMember(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "a") || first == UInt8(ascii: "d") else { return false }
        return spawningMembers.contains(name)
    }

    /// `DispatchQueue.main`, `DispatchQueue.global()`, or a value named like a queue (`queue`, `workQueue`).
    private static func isDispatchQueue(_ base: ExprSyntax?) -> Bool {
        guard let base else { return false }
        var root: ExprSyntax = base
        while true {
            if let member = root.as(MemberAccessExprSyntax.self), let inner = member.base {
                root = inner
            } else if let call = root.as(FunctionCallExprSyntax.self) {
                root = call.calledExpression
            } else {
                break
            }
        }
        guard let name = root.as(DeclReferenceExprSyntax.self)?.baseName.text else { return false }
        return name == "DispatchQueue" || name.lowercased().hasSuffix("queue")
    }
}

/// What a closure is for.
enum ClosureRole {
    /// Any other closure: it runs where it is called.
    case plain
    /// The body of a session; `bridge` when it is the awaited async form.
    case session(bridge: Bool, call: CallSite)
    /// The body of new concurrent work.
    case spawned(Spawn)
}

/// Concurrent work started by a call.
struct Spawn {
    enum Kind {
        /// `Task { }`, `Task.detached { }`, `group.addTask { }`: an async context.
        case task
        /// `DispatchQueue….async { }`: runs on another thread, synchronously.
        case dispatch
        /// `Thread { }`: runs on another thread, synchronously.
        case thread
    }

    let kind: Kind
    /// How the spawn is written, for messages: `Task { … }`.
    let description: String
    /// `Task { }` runs with the isolation of the code that starts it (on the main actor when started there).
    var inheritsIsolation = false
}
