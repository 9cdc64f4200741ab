/// Which files a change reaches, for `--changed-since`: the changed files themselves, and every file with a
/// finding decided by other files' facts (a call that may reach a session, a returned value that may be an
/// entity) that names a function or entity a changed file declares or used to declare — directly, or through
/// the synchronous functions that call it.
struct ChangeImpact {
    let changes: ChangeSet
    let configuration: LintConfiguration

    /// Canonical paths of the files to report, given every parsed file's check (by path as linted).
    func reachedFiles(checks: [(path: String, check: FileCheck)]) -> Set<String> {
        let canonicalChecks = checks.map { (ChangeSet.canonical($0.path), $0.check) }
        var names: Set<String> = []
        for (path, check) in canonicalChecks where changes.changed.contains(path) {
            names.formUnion(Self.declaredNames(check.facts))
        }
        for text in changes.previousTexts.values {
            names.formUnion(Self.declaredNames(previousFacts(text)))
        }
        // A function that calls a reached function is reached: its callers' findings may change too.
        let functions = canonicalChecks.flatMap(\.1.facts.functions)
        var grew = true
        while grew {
            grew = false
            for function in functions where !names.contains(function.signature.name)
                && function.calls.contains(where: { names.contains($0.name) }) {
                names.insert(function.signature.name)
                grew = true
            }
        }
        var reached = changes.changed
        for (path, check) in canonicalChecks
        where check.deferred.contains(where: { !$0.question.referencedNames.isDisjoint(with: names) }) {
            reached.insert(path)
        }
        return reached
    }

    /// Functions and entities a file declares.
    private static func declaredNames(_ facts: FileFacts) -> Set<String> {
        Set(facts.functions.map(\.signature.name) + facts.entities)
    }

    /// What a file's earlier text declared.
    private func previousFacts(_ text: String) -> FileFacts {
        Linter.facts(of: SourceFile(path: "", text: text), configuration: configuration)
    }
}

extension DeferredQuestion {
    /// The names whose declarations decide the answer: the called function, or the roots an entity could be.
    var referencedNames: Set<String> {
        switch self {
        case .callOpensSession(let call): [call.name]
        case .returnsEntity(let question): Set(question.locals.compactMap(\.value.root) + question.returned.roots)
        }
    }
}

extension ExpressionShape {
    /// The plain names the shape's chains start from.
    var roots: [String] {
        switch self {
        case .chain(let chain): chain.root.map { [$0] } ?? []
        case .array(let elements): elements.compactMap(\.root)
        case .tuple(let elements): elements.flatMap(\.roots)
        }
    }
}
