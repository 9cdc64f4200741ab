@_spi(RawSyntax) import SwiftSyntax

/// The facts of one file: its entity classes and, for each function, whether it enters a synchronous session and
/// which functions it calls.
///
/// The walk (``SessionWalker``) feeds it as it goes, so a file is walked once for facts and findings; a walk with no
/// rules reads the facts of a file that is not linted, such as a changed file's earlier text.
///
/// One walk on one thread owns it, and no method touches a property while another access to it is open, so its
/// properties skip Swift's run-time exclusivity check (`@exclusivity(unchecked)`): a class's stored property is
/// otherwise checked on every access, which cost about 1% of a lint of session-dense code (callgrind).
final class FactCollector {
    private let recognizer: SessionAPIRecognizer
    @exclusivity(unchecked) private(set) var facts = FileFacts()

    /// Functions being read, innermost last.
    @exclusivity(unchecked) private var functions: [FunctionBuilder] = []
    /// Closures whose bodies run elsewhere (spawned work), counted so their calls are not attributed.
    @exclusivity(unchecked) private var elsewhereDepth: [Int] = []
    /// For each open closure, innermost last, whether it runs elsewhere and so was counted in `elsewhereDepth`.
    @exclusivity(unchecked) private var countedClosures: [Bool] = []
    /// The calls of the functions being read, each function's after its outer function's: one buffer that grows
    /// once per file, where an array per function would grow several times; a function's are copied out, at their
    /// size, when it ends.
    @exclusivity(unchecked) private var pendingCalls: [CallSignature] = []

    private final class FunctionBuilder {
        let signature: FunctionSignature
        let isAsync: Bool
        let isolation: ActorIsolation
        let hasSessionAttribute: Bool
        @exclusivity(unchecked) var directSession: String?
        /// Where its calls start in `pendingCalls`.
        let firstCall: Int

        init(signature: FunctionSignature, isAsync: Bool, isolation: ActorIsolation, hasSessionAttribute: Bool, firstCall: Int) {
            self.signature = signature
            self.isAsync = isAsync
            self.isolation = isolation
            self.hasSessionAttribute = hasSessionAttribute
            self.firstCall = firstCall
        }
    }

    init(api: SessionAPI) {
        recognizer = SessionAPIRecognizer(api: api)
    }

    // MARK: What a walk reports

    func enterClass(_ node: RawClassDeclSyntax) {
        if recognizer.isEntity(node) { facts.entities.append(String(syntaxText: node.name.tokenText)) }
    }

    func enterFunction(_ node: RawFunctionDeclSyntax, isAsync: Bool, isolation: ActorIsolation, hasSessionAttribute: Bool) {
        functions.append(FunctionBuilder(
            signature: FunctionSignature(node), isAsync: isAsync, isolation: isolation,
            hasSessionAttribute: hasSessionAttribute, firstCall: pendingCalls.count))
        elsewhereDepth.append(0)
    }

    func exitFunction() {
        guard let function = functions.popLast() else { return }
        elsewhereDepth.removeLast()
        // Copied through a buffer pointer: a slice would share the buffer, and the removal would then copy it.
        let calls = pendingCalls.withUnsafeBufferPointer { Array($0[function.firstCall...]) }
        pendingCalls.removeLast(pendingCalls.count - function.firstCall)
        facts.functions.append(FunctionFact(
            signature: function.signature, isAsync: function.isAsync, isolation: function.isolation,
            hasSessionAttribute: function.hasSessionAttribute,
            directSession: function.directSession, calls: calls))
    }

    /// A closure opens; spawned work and the async bridge's closure run on another thread.
    func enterClosure(role: ClosureRole) {
        let runsElsewhere = switch role {
        case .spawned: true
        case .session(let bridge, _): bridge
        case .plain: false
        }
        let counted = runsElsewhere && !elsewhereDepth.isEmpty
        if counted { elsewhereDepth[elsewhereDepth.count - 1] += 1 }
        countedClosures.append(counted)
    }

    func exitClosure() {
        if countedClosures.popLast() == true { elsewhereDepth[elsewhereDepth.count - 1] -= 1 }
    }

    func visitCall(_ call: CallSite) {
        guard let function = functions.last, elsewhereDepth.last == 0 else { return }
        if call.isSessionCall, !call.isAwaited {
            function.directSession = function.directSession ?? Self.describeCall(call.raw)
        } else if call.isOpenSessionCall {
            function.directSession = function.directSession ?? Self.describeCall(call.raw)
        } else if let signature = call.signature {
            pendingCalls.append(signature)
        }
    }

    /// `db.session`, `db.openSession()`: the call as written, closure and arguments elided.
    static func describeCall(_ call: FunctionCallExprSyntax) -> String {
        describeCall(RawFunctionCallExprSyntax(call.raw)!)
    }

    /// `db.session`, `db.openSession()`: the call as written, closure and arguments elided.
    static func describeCall(_ call: RawFunctionCallExprSyntax) -> String {
        let callee = CompactSpelling.of(call.calledExpression)
        if SessionAPIRecognizer.closure(of: call) != nil { return "\(callee) { … }" }
        return "\(callee)(\(call.arguments.layoutView.children.isEmpty ? "" : "…"))"
    }
}
