import SwiftSyntax

/// Recognizes the session API's spellings — and the ways work leaves the current thread — in syntax.
struct SessionAPIRecognizer {
    let api: SessionAPI

    /// The member or function name a call invokes: `session` in `db.session { }`.
    static func calledName(_ call: FunctionCallExprSyntax) -> String? {
        if let member = call.calledExpression.as(MemberAccessExprSyntax.self) {
            return member.declName.baseName.text
        }
        if let reference = call.calledExpression.as(DeclReferenceExprSyntax.self) {
            return reference.baseName.text
        }
        return nil
    }

    /// The closure passed to a call: its trailing closure, or else its first closure argument.
    static func closure(of call: FunctionCallExprSyntax) -> ClosureExprSyntax? {
        call.trailingClosure ?? call.arguments.lazy.compactMap { $0.expression.as(ClosureExprSyntax.self) }.first
    }

    /// `x.session { … }` in either form.
    func isSessionCall(_ call: FunctionCallExprSyntax) -> Bool {
        guard call.calledExpression.is(MemberAccessExprSyntax.self), let name = Self.calledName(call),
              api.sessionMethods.contains(name)
        else { return false }
        return Self.closure(of: call) != nil
    }

    /// `x.openSession()`.
    func isOpenSessionCall(_ call: FunctionCallExprSyntax) -> Bool {
        guard call.calledExpression.is(MemberAccessExprSyntax.self), let name = Self.calledName(call) else { return false }
        return api.openSessionMethods.contains(name)
    }

    /// `@DBSession` among the attributes.
    func hasSessionAttribute(_ attributes: AttributeListSyntax) -> Bool {
        attribute(named: api.sessionAttributes, in: attributes) != nil
    }

    func sessionAttribute(in attributes: AttributeListSyntax) -> AttributeSyntax? {
        attribute(named: api.sessionAttributes, in: attributes)
    }

    /// `@Entity` on a class.
    func isEntity(_ declaration: ClassDeclSyntax) -> Bool {
        attribute(named: api.entityAttributes, in: declaration.attributes) != nil
    }

    private func attribute(named names: [String], in attributes: AttributeListSyntax) -> AttributeSyntax? {
        for element in attributes {
            guard case .attribute(let attribute) = element else { continue }
            if let name = Self.lastName(of: attribute.attributeName), names.contains(name) { return attribute }
        }
        return nil
    }

    /// `Entity` for `@Entity` and `@Pony.Entity`: the last name of an attribute's type, read from its token.
    static func lastName(of attributeType: TypeSyntax) -> String? {
        if let identifier = attributeType.as(IdentifierTypeSyntax.self) { return identifier.name.text }
        return attributeType.as(MemberTypeSyntax.self)?.name.text
    }

    /// Whether the call is covered by an `await`: `await` applies to everything to its right in its expression, so
    /// `try await db.session { … }.map(\.name)` and `await f(db.session { … })` are the async bridge. The search
    /// goes up through expressions and argument or element lists and stops at a closure or a statement.
    ///
    /// A call right after an `await` token counts too, wherever the parser put that `await`: in code it could not
    /// parse (`ws -> await db.session { … }`) the keyword may not become an `AwaitExprSyntax`, and PONY003's fix,
    /// which inserts exactly that token, would then insert it again on every run (found by the fuzz target).
    static func isAwaited(_ call: FunctionCallExprSyntax) -> Bool {
        if call.previousToken(viewMode: .sourceAccurate)?.text == "await" { return true }
        var node = Syntax(call)
        while let parent = node.parent {
            if parent.is(AwaitExprSyntax.self) { return true }
            guard !parent.is(ClosureExprSyntax.self), parent.is(ExprSyntax.self) || isExpressionList(parent) else {
                return false
            }
            node = parent
        }
        return false
    }

    /// Lists and elements that hold expressions without starting a statement: arguments, tuple, array and
    /// dictionary elements, the operands of an operator sequence.
    private static func isExpressionList(_ node: Syntax) -> Bool {
        switch node.kind {
        case .labeledExpr, .labeledExprList, .exprList, .arrayElement, .arrayElementList, .dictionaryElement,
            .dictionaryElementList:
            true
        default:
            false
        }
    }

    /// The call a closure is passed to, as trailing closure or argument.
    static func call(receiving closure: ClosureExprSyntax) -> FunctionCallExprSyntax? {
        if let call = closure.parent?.as(FunctionCallExprSyntax.self), call.trailingClosure?.id == closure.id {
            return call
        }
        if let argument = closure.parent?.as(LabeledExprSyntax.self),
           let call = argument.parent?.parent?.as(FunctionCallExprSyntax.self) {
            return call
        }
        if let element = closure.parent?.as(MultipleTrailingClosureElementSyntax.self),
           let call = element.parent?.parent?.as(FunctionCallExprSyntax.self) {
            return call
        }
        return nil
    }

    /// What a closure is, judged by the call it is passed to.
    func role(of closure: ClosureExprSyntax) -> ClosureRole {
        guard let call = Self.call(receiving: closure) else { return .plain }
        if isSessionCall(call), Self.closure(of: call)?.id == closure.id {
            return .session(bridge: Self.isAwaited(call), call: call)
        }
        if let spawn = Self.spawn(call) {
            return .spawned(spawn)
        }
        return .plain
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
        guard spawningMembers.contains(name) else { return nil }
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
    case session(bridge: Bool, call: FunctionCallExprSyntax)
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
