import SwiftSyntax

/// The facts walk of one file: collects entity classes and, for each function, whether it enters a synchronous
/// session and which functions it calls.
final class FactCollector: SyntaxVisitor {
    private let recognizer: SessionAPIRecognizer
    private(set) var facts = FileFacts()

    /// Functions being read, innermost last.
    private var functions: [FunctionBuilder] = []
    /// Closures whose bodies run elsewhere (spawned work), counted so their calls are not attributed.
    private var elsewhereDepth: [Int] = []

    private final class FunctionBuilder {
        let signature: FunctionSignature
        let isAsync: Bool
        let isolation: ActorIsolation
        let hasSessionAttribute: Bool
        var directSession: String?
        var calls: [CallSignature] = []

        init(signature: FunctionSignature, isAsync: Bool, isolation: ActorIsolation, hasSessionAttribute: Bool) {
            self.signature = signature
            self.isAsync = isAsync
            self.isolation = isolation
            self.hasSessionAttribute = hasSessionAttribute
        }
    }

    private let inactiveCode: InactiveCode

    init(api: SessionAPI, inactiveCode: InactiveCode) {
        recognizer = SessionAPIRecognizer(api: api)
        self.inactiveCode = inactiveCode
        super.init(viewMode: .sourceAccurate)
    }

    override func visit(_ node: IfConfigClauseSyntax) -> SyntaxVisitorContinueKind {
        inactiveCode.isInactive(node) ? .skipChildren : .visitChildren
    }

    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind {
        if recognizer.isEntity(node) { facts.entities.append(node.name.text) }
        return .visitChildren
    }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        functions.append(FunctionBuilder(
            signature: FunctionSignature(node),
            isAsync: node.signature.effectSpecifiers?.asyncSpecifier != nil,
            isolation: ActorIsolation.of(node),
            hasSessionAttribute: recognizer.hasSessionAttribute(node.attributes)))
        elsewhereDepth.append(0)
        return .visitChildren
    }

    override func visitPost(_ node: FunctionDeclSyntax) {
        guard let function = functions.popLast() else { return }
        elsewhereDepth.removeLast()
        facts.functions.append(FunctionFact(
            signature: function.signature, isAsync: function.isAsync, isolation: function.isolation,
            hasSessionAttribute: function.hasSessionAttribute,
            directSession: function.directSession, calls: function.calls))
    }

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        if runsElsewhere(node), !elsewhereDepth.isEmpty { elsewhereDepth[elsewhereDepth.count - 1] += 1 }
        return .visitChildren
    }

    override func visitPost(_ node: ClosureExprSyntax) {
        if runsElsewhere(node), !elsewhereDepth.isEmpty { elsewhereDepth[elsewhereDepth.count - 1] -= 1 }
    }

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        guard let function = functions.last, elsewhereDepth.last == 0 else { return .visitChildren }
        if recognizer.isSessionCall(node), !SessionAPIRecognizer.isAwaited(node) {
            function.directSession = function.directSession ?? Self.describeCall(node)
        } else if recognizer.isOpenSessionCall(node) {
            function.directSession = function.directSession ?? Self.describeCall(node)
        } else if let call = CallSignature(node) {
            function.calls.append(call)
        }
        return .visitChildren
    }

    /// Spawned work and the async bridge's closure run on another thread.
    private func runsElsewhere(_ closure: ClosureExprSyntax) -> Bool {
        switch recognizer.role(of: closure) {
        case .spawned: return true
        case .session(let bridge, _): return bridge
        case .plain: return false
        }
    }

    /// `db.session`, `db.openSession()`: the call as written, closure and arguments elided.
    static func describeCall(_ call: FunctionCallExprSyntax) -> String {
        let callee = CompactSpelling.of(call.calledExpression)
        if call.trailingClosure != nil || call.arguments.contains(where: { $0.expression.is(ClosureExprSyntax.self) }) {
            return "\(callee) { … }"
        }
        return "\(callee)(\(call.arguments.isEmpty ? "" : "…"))"
    }
}
