@_spi(RawSyntax) import SwiftSyntax

/// The manual sessions opened by the statements of one block, and which statements run inside each.
///
/// A session bound with `let s = try db.openSession()` is open from the next statement up to the first
/// statement that commits, rolls back or closes `s` — or to the end of the block when a `defer` closes it
/// (or nothing does).
struct ManualSessionScan {
    struct Session {
        /// The `openSession()` call.
        let call: FunctionCallExprSyntax
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

    init(items: CodeBlockItemListSyntax, recognizer: SessionAPIRecognizer) {
        let statements = Array(items)
        for (index, item) in statements.enumerated() {
            if let (name, call) = Self.binding(item, recognizer) {
                let closedByDefer = statements.contains { Self.isDefer($0, closing: name, recognizer) }
                var end = statements.count
                if !closedByDefer,
                   let closing = statements[(index + 1)...].firstIndex(where: { Self.closes($0, name, recognizer) }) {
                    end = closing
                }
                sessions.append(Session(
                    call: call, name: name, isClosedByDefer: closedByDefer, scope: (index + 1)..<max(end, index + 1),
                    scopeDescription: "the manual session '\(name)'"))
            } else if let call = Self.discarded(item, recognizer) {
                sessions.append(Session(
                    call: call, name: nil, isClosedByDefer: false, scope: (index + 1)..<statements.count,
                    scopeDescription: "a discarded `\(FactCollector.describeCall(call))` session"))
            }
        }
    }

    /// `let s = try db.openSession()`.
    private static func binding(_ item: CodeBlockItemSyntax, _ recognizer: SessionAPIRecognizer) -> (String, FunctionCallExprSyntax)? {
        guard let declaration = item.item.as(VariableDeclSyntax.self), declaration.bindings.count == 1,
              let binding = declaration.bindings.first,
              let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text,
              let value = binding.initializer?.value,
              let call = unwrapped(value).as(FunctionCallExprSyntax.self), recognizer.isOpenSessionCall(call)
        else { return nil }
        return (name, call)
    }

    /// `try db.openSession()` or `_ = try db.openSession()` as a statement.
    private static func discarded(_ item: CodeBlockItemSyntax, _ recognizer: SessionAPIRecognizer) -> FunctionCallExprSyntax? {
        guard var expression = item.item.as(ExprSyntax.self) else { return nil }
        if let assignment = expression.as(InfixOperatorExprSyntax.self), assignment.operator.is(AssignmentExprSyntax.self),
           assignment.leftOperand.is(DiscardAssignmentExprSyntax.self) {
            expression = assignment.rightOperand
        } else if let sequence = expression.as(SequenceExprSyntax.self), sequence.elements.count == 3,
                  sequence.elements.first?.is(DiscardAssignmentExprSyntax.self) == true,
                  sequence.elements.dropFirst().first?.is(AssignmentExprSyntax.self) == true,
                  let last = sequence.elements.last {
            expression = last
        }
        guard let call = unwrapped(expression).as(FunctionCallExprSyntax.self), recognizer.isOpenSessionCall(call) else {
            return nil
        }
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

    private static func isDefer(_ item: CodeBlockItemSyntax, closing name: String, _ recognizer: SessionAPIRecognizer) -> Bool {
        guard let statement = item.item.as(DeferStmtSyntax.self) else { return false }
        return closes(Syntax(statement.body), name, recognizer)
    }

    private static func closes(_ item: CodeBlockItemSyntax, _ name: String, _ recognizer: SessionAPIRecognizer) -> Bool {
        !item.item.is(DeferStmtSyntax.self) && closes(Syntax(item), name, recognizer)
    }

    /// Whether `node` contains `name.commit()`, `name.rollback()` or `name.close()`. Read from the raw tree: a
    /// statement after an `openSession()` is often a long loop, and typed nodes for all of it cost more than the rest
    /// of the block's scan.
    private static func closes(_ node: Syntax, _ name: String, _ recognizer: SessionAPIRecognizer) -> Bool {
        closes(node.raw, name, recognizer.api.closeMethods)
    }

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
