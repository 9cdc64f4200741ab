@_spi(RawSyntax) import SwiftSyntax

/// The manual sessions opened by the statements of one block, and which statements run inside each.
///
/// A session bound with `let s = try db.openSession()` is open from the next statement up to the first
/// statement that commits, rolls back or closes `s` — or to the end of the block when a `defer` closes it
/// (or nothing does).
///
/// It reads the raw tree, as the walk does: a block with a manual session is as common as a function that opens
/// one, and typed nodes for all its statements cost more than the rest of its walk.
struct ManualSessionScan {
    struct Session {
        /// The `openSession()` call.
        let call: RawFunctionCallExprSyntax
        /// Where the call starts, after its leading trivia.
        let callPosition: AbsolutePosition
        /// The statement that opens the session, by its place in the block.
        let statement: Int
        /// The bound name, or nil when the result is discarded.
        let name: String?
        /// Whether a `defer` in the block ends the session.
        let isClosedByDefer: Bool
        /// Indices of the statements that run while the session is open.
        let scope: Range<Int>
        /// How messages name the session.
        let scopeDescription: String
    }

    private(set) var sessions: [Session] = []
    /// The UTF-8 offset where each statement of the block starts (its leading trivia included): the walk finds the
    /// statements inside a session by it.
    private(set) var statementOffsets: [Int] = []

    /// Scans a block that starts at UTF-8 offset `offset`.
    init(items: RawCodeBlockItemListSyntax, offset: Int, recognizer: SessionAPIRecognizer) {
        var statements: [RawCodeBlockItemSyntax] = []
        statements.reserveCapacity(items.layoutView.children.count)
        statementOffsets.reserveCapacity(items.layoutView.children.count)
        var next = offset
        for child in items.layoutView.children {
            guard let child else { continue }
            statements.append(RawCodeBlockItemSyntax(child)!)
            statementOffsets.append(next)
            next += child.byteLength
        }
        let closeMethods = recognizer.api.closeMethods
        for (position, statement) in statements.enumerated() {
            if let (name, call) = Self.binding(statement, recognizer) {
                let closedByDefer = statements.contains { Self.isDefer($0, closing: name, closeMethods) }
                var end = statements.count
                if !closedByDefer,
                   let closing = statements[(position + 1)...].firstIndex(where: { Self.closes($0, name, closeMethods) }) {
                    end = closing
                }
                let place = SyntaxLocator.place(of: call.raw, in: TreePlace(raw: statement.raw, offset: statementOffsets[position]))
                sessions.append(Session(
                    call: call, callPosition: place.position, statement: position, name: name,
                    isClosedByDefer: closedByDefer, scope: (position + 1)..<max(end, position + 1),
                    scopeDescription: "the manual session '\(name)'"))
            } else if let call = Self.discarded(statement, recognizer) {
                let place = SyntaxLocator.place(of: call.raw, in: TreePlace(raw: statement.raw, offset: statementOffsets[position]))
                sessions.append(Session(
                    call: call, callPosition: place.position, statement: position, name: nil,
                    isClosedByDefer: false, scope: (position + 1)..<statements.count,
                    scopeDescription: "a discarded `\(FactCollector.describeCall(call))` session"))
            }
        }
    }

    /// `let s = try db.openSession()`.
    private static func binding(_ item: RawCodeBlockItemSyntax, _ recognizer: SessionAPIRecognizer) -> (String, RawFunctionCallExprSyntax)? {
        guard let declaration = RawVariableDeclSyntax(item.item), declaration.bindings.layoutView.children.count == 1,
              let binding = declaration.bindings.layoutView.children.first.flatMap({ $0 }).flatMap(RawPatternBindingSyntax.init),
              let name = RawIdentifierPatternSyntax(binding.pattern.raw).map({ String(syntaxText: $0.identifier.tokenText) }),
              let value = binding.initializer?.value,
              let call = openSessionCall(value, recognizer)
        else { return nil }
        return (name, call)
    }

    /// `try db.openSession()` or `_ = try db.openSession()` as a statement.
    private static func discarded(_ item: RawCodeBlockItemSyntax, _ recognizer: SessionAPIRecognizer) -> RawFunctionCallExprSyntax? {
        guard var expression = RawExprSyntax(item.item) else { return nil }
        if let assignment = expression.as(RawInfixOperatorExprSyntax.self), assignment.operator.is(RawAssignmentExprSyntax.self),
           assignment.leftOperand.is(RawDiscardAssignmentExprSyntax.self) {
            expression = assignment.rightOperand
        } else if let sequence = expression.as(RawSequenceExprSyntax.self) {
            let elements = sequence.elements.layoutView.children
            if elements.count == 3, let first = elements[0], let second = elements[1], let last = elements[2],
               first.kind == .discardAssignmentExpr, second.kind == .assignmentExpr, let last = RawExprSyntax(last) {
                expression = last
            }
        }
        return openSessionCall(expression, recognizer)
    }

    /// `expression`, inside `try`, `await` and parentheses, when it is an `openSession()`-like call.
    private static func openSessionCall(_ expression: RawExprSyntax, _ recognizer: SessionAPIRecognizer) -> RawFunctionCallExprSyntax? {
        guard let call = unwrapped(expression).as(RawFunctionCallExprSyntax.self),
              recognizer.isOpenSessionCall(callee: SessionAPIRecognizer.callee(call))
        else { return nil }
        return call
    }

    /// Strips `try`, `await` and parentheses.
    static func unwrapped(_ expression: ExprSyntax) -> ExprSyntax {
        var expression = expression
        while true {
            if let node = expression.as(TryExprSyntax.self) {
                expression = node.expression
            } else if let node = expression.as(AwaitExprSyntax.self) {
                expression = node.expression
            } else if let tuple = expression.as(TupleExprSyntax.self), tuple.elements.count == 1, tuple.elements.first?.label == nil {
                expression = tuple.elements.first!.expression
            } else {
                return expression
            }
        }
    }

    /// ``unwrapped(_:)`` on the raw tree.
    static func unwrapped(_ expression: RawExprSyntax) -> RawExprSyntax {
        var expression = expression
        while true {
            if let node = expression.as(RawTryExprSyntax.self) {
                expression = node.expression
            } else if let node = expression.as(RawAwaitExprSyntax.self) {
                expression = node.expression
            } else if let tuple = expression.as(RawTupleExprSyntax.self), tuple.elements.layoutView.children.count == 1,
                      let only = tuple.elements.layoutView.children.first.flatMap({ $0 }).flatMap(RawLabeledExprSyntax.init),
                      only.label == nil {
                expression = only.expression
            } else {
                return expression
            }
        }
    }

    private static func isDefer(_ item: RawCodeBlockItemSyntax, closing name: String, _ methods: [String]) -> Bool {
        guard let statement = RawDeferStmtSyntax(item.item) else { return false }
        return closes(statement.body.raw, name, methods)
    }

    private static func closes(_ item: RawCodeBlockItemSyntax, _ name: String, _ methods: [String]) -> Bool {
        item.item.kind != .deferStmt && closes(item.raw, name, methods)
    }

    /// Whether `raw` contains `name.commit()`, `name.rollback()` or `name.close()`.
    private static func closes(_ raw: RawSyntax, _ name: String, _ methods: [String]) -> Bool {
        guard let layout = raw.layoutView else { return false }
        if let call = RawFunctionCallExprSyntax(raw), let member = call.calledExpression.as(RawMemberAccessExprSyntax.self),
           let base = member.base?.as(RawDeclReferenceExprSyntax.self), base.baseName.tokenText.elementsEqual(name.utf8),
           methods.contains(where: { member.declName.baseName.tokenText.elementsEqual($0.utf8) }) {
            return true
        }
        return layout.children.contains { child in child.map { closes($0, name, methods) } ?? false }
    }
}
