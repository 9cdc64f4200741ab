/// What the walks learned about the whole input: entity types, and every synchronous function that opens a
/// session — directly or through the functions it calls — with the chain that proves it.
struct ProjectFacts: Sendable {
    let entities: Set<String>
    /// For each session-opening function's signature, how it reaches a session:
    /// `["loadUser()", "db.session { … }"]`.
    private let chains: [FunctionSignature: [String]]
    /// By base name, the functions a call can reach a session through (synchronous, not actor-isolated, opening
    /// one), in declaration order, once per signature and kind: a project that declares the same helper in
    /// every file answers each call after a look at one candidate, not at thousands.
    private let openers: [String: [FunctionFact]]

    init(_ files: [FileFacts]) {
        entities = Set(files.flatMap(\.entities))
        // One flat copy of the facts; everything else refers to it by index, so a fact is not copied (each copy
        // retains its strings and arrays) once per dictionary and pass.
        let all = files.flatMap(\.functions)
        var byName: [String: [Int]] = [:]
        for index in all.indices {
            byName[all[index].signature.name, default: []].append(index)
        }
        let chains = Self.resolveSessionOpeners(all, byName: byName)
        self.chains = chains
        openers = byName.compactMapValues { candidates in
            var seen: Set<OpenerKey> = []
            let openers = candidates.filter { index in
                let candidate = all[index]
                return !candidate.isAsync && candidate.isolation == .none && chains[candidate.signature] != nil
                    && seen.insert(OpenerKey(signature: candidate.signature, hasSessionAttribute: candidate.hasSessionAttribute)).inserted
            }
            return openers.isEmpty ? nil : openers.map { all[$0] }
        }
    }

    /// What tells two session openers apart in a finding's message.
    private struct OpenerKey: Hashable {
        let signature: FunctionSignature
        let hasSessionAttribute: Bool
    }

    /// Names of every function that opens a session: a file that calls none of them and does not spell the
    /// session API cannot have a finding.
    var sessionOpeningNames: Set<String> {
        Set(chains.keys.map(\.name))
    }

    /// How a call reaches a synchronous session, if the function it calls opens one:
    /// `saveVisit(_:) → db.session { … }`, or `@DBSession render()` for a session function. Only functions without
    /// actor isolation count: a task calling a `@MainActor` function hops to the main actor, off the pool, and
    /// an actor's method is in an async context itself, so its sessions are reported inside it.
    func sessionChain(for call: CallSignature) -> (function: FunctionFact, chain: [String])? {
        for candidate in openers[call.name] ?? [] where candidate.signature.accepts(call) {
            return (candidate, [candidate.signature.displayName] + chains[candidate.signature, default: []])
        }
        return nil
    }

    /// Fixpoint over the call graph: a synchronous function opens a session if it does so itself or calls
    /// a function that does. Each round only builds on the chains of earlier rounds, so every function gets its
    /// shortest chain; ties go to the earlier call in the function, then the callee declared first (`functions`
    /// is in file order, then declaration order). The answer never depends on hashing, so every run prints the
    /// same chain.
    private static func resolveSessionOpeners(
        _ functions: [FunctionFact], byName: [String: [Int]]
    ) -> [FunctionSignature: [String]] {
        var chains: [FunctionSignature: [String]] = [:]
        let synchronous = functions.indices.filter { !functions[$0].isAsync }
        for index in synchronous where functions[index].opensSessionDirectly && chains[functions[index].signature] == nil {
            let function = functions[index]
            chains[function.signature] = [function.hasSessionAttribute ? "@DBSession" : function.directSession!]
        }
        while true {
            var found: [FunctionSignature: [String]] = [:]
            for index in synchronous where chains[functions[index].signature] == nil && found[functions[index].signature] == nil {
                for call in functions[index].calls {
                    guard let callee = (byName[call.name] ?? []).first(where: {
                        !functions[$0].isAsync && functions[$0].signature.accepts(call) && chains[functions[$0].signature] != nil
                    }) else { continue }
                    let signature = functions[callee].signature
                    found[functions[index].signature] = [signature.displayName] + chains[signature]!
                    break
                }
            }
            guard !found.isEmpty else { return chains }
            chains.merge(found) { old, _ in old }
        }
    }
}
