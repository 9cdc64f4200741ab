import PonyRules
@_spi(RawSyntax) import SwiftSyntax

/// PONY006 unclosed-manual-session: `openSession()` whose session no `defer` in the opening scope ends, or
/// whose result is thrown away.
final class UnclosedManualSessionRule: CallHook, BlockHook {
    let id: RuleID = "PONY006"
    /// `openSession()` calls already judged at the statement level of their block.
    @exclusivity(unchecked) private var judged: Set<RawSyntax.ID> = []

    func visitBlock(at block: TreePlace, manualSessions: [ManualSessionScan.Session], context: LintContext) {
        for session in manualSessions {
            judged.insert(session.call.raw.id)
            let call = FactCollector.describeCall(session.call)
            guard let name = session.name else {
                context.report(
                    id, at: session.callPosition, ["call": call, "problem": "has its result discarded, so the session can never be closed"])
                continue
            }
            guard !session.isClosedByDefer else { continue }
            let items = Array(context.locator.node(at: block).cast(CodeBlockItemListSyntax.self))
            context.report(
                id, at: session.callPosition, ["call": call, "problem": "is not closed by a `defer` in the scope that opened it"],
                fix: Self.deferFix(after: items[session.statement], name: name, context: context))
        }
    }

    func visitCall(_ call: CallSite, context: LintContext) {
        guard call.isOpenSessionCall, !judged.contains(call.raw.raw.id) else { return }
        context.report(
            id, at: call.position,
            ["call": FactCollector.describeCall(call.raw), "problem": "is not closed by a `defer` in the scope that opened it"])
    }

    /// Inserts `defer { name.close() }` on the line after the statement that opens the session.
    private static func deferFix(after statement: CodeBlockItemSyntax, name: String, context: LintContext) -> Fix? {
        guard let close = context.recognizer.api.closeMethods.contains("close") ? "close" : context.recognizer.api.closeMethods.first
        else { return nil }
        let line = context.file.location(of: statement.positionAfterSkippingLeadingTrivia)
        let indentation = String(context.file.line(line.line).prefix { $0 == " " || $0 == "\t" })
        let newline = context.file.line(line.line).isEmpty || !context.file.usesCRLF ? "\n" : "\r\n"
        return Fix(insert: "\(newline)\(indentation)defer { \(name).\(close)() }", at: statement.endPositionBeforeTrailingTrivia, in: context.file)
    }
}
