import PonyRules

/// A finding that depends on what other files declare — which functions open sessions, which classes are
/// entities — recorded while a file is walked and decided once every file's facts are known. This lets
/// pony-lint parse and walk each file once: the walk does not have to wait for the facts of the others.
/// It is plain data, so a cached file's questions are asked again without parsing it.
///
/// Most of them come to nothing (any call in async code might reach a session), so the location is worked
/// out only for those that become findings.
struct DeferredFinding: Codable, Sendable {
    let rule: RuleID
    let severity: Severity
    /// Where the finding would be, as a UTF-8 offset into the file.
    let offset: Int
    let question: DeferredQuestion

    func resolve(with facts: ProjectFacts, in source: some SourcePositions) -> Finding? {
        guard let values = question.messageValues(facts) else { return nil }
        let definition = RuleCatalog[id: rule]
        let location = source.location(ofOffset: offset)
        return Finding(
            rule: rule, name: definition.name, severity: severity, file: source.path, line: location.line,
            column: location.column, message: definition.message(values), sourceLine: source.line(location.line), fix: nil)
    }
}

/// What a deferred finding asks of every file's facts; each rule answers its own.
enum DeferredQuestion: Codable, Sendable {
    /// PONY003: does this call, in async code, reach a synchronous session?
    case callOpensSession(CallSignature)
    /// PONY004: does this session closure return an entity?
    case returnsEntity(EntityEscapeQuestion)

    /// The message's values, or nil when the facts show there is nothing to report.
    func messageValues(_ facts: ProjectFacts) -> [String: String]? {
        switch self {
        case .callOpensSession(let call): BlockingSessionInAsyncContextRule.messageValues(forCall: call, facts: facts)
        case .returnsEntity(let question): EntityEscapesSessionRule.messageValues(for: question, facts: facts)
        }
    }
}
