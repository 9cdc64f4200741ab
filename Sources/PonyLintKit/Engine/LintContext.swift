import PonyRules
import SwiftSyntax

/// Where the walker is in a file — which frames enclose the current node — and how rules report.
///
/// One walk on one thread owns it: like ``FactCollector``'s, its mutable properties skip the run-time exclusivity
/// check, which every call the walk reaches would otherwise pay several times.
final class LintContext {
    /// A construct that decides whether code is async, and whether it is inside a session.
    enum Frame {
        /// A function, initializer or accessor body, and the actor it is isolated to.
        case function(isAsync: Bool, sessionAttribute: Bool, name: String, isolation: ActorIsolation)
        /// A closure that runs where it is called; async by signature or by containing `await`; `mainActor`
        /// when it says `@MainActor in` or is passed to `MainActor.run`.
        case closure(isAsync: Bool, mainActor: Bool)
        /// The body of spawned work: a task (async) or another thread (sync); `mainActor` for a task that
        /// runs on the main actor (`Task { }` started there, or `{ @MainActor in }`).
        case spawned(Spawn, mainActor: Bool)
        /// The closure of a session call; `bridge` for `try await db.session { }`, which runs on the database's thread.
        case session(bridge: Bool, call: CallSite)
        /// Statements inside a manual session, between `openSession()` and its end.
        case manualSession(description: String)
    }

    /// The session enclosing the current node.
    struct SessionScope {
        /// The session's closure, or how messages name any other scope.
        enum Source {
            case closure(bridge: Bool, call: CallSite)
            case named(String)
        }

        let source: Source
        /// The scope is the body of an async `@DBSession` function, already reported by PONY001.
        let isAsyncSessionFunction: Bool

        /// How messages name it: "a `db.session { … }` closure". Spelled only when a finding is reported.
        var description: String {
            switch source {
            case .closure(let bridge, let call): "a `\(bridge ? "try await " : "")\(FactCollector.describeCall(call.raw))` closure"
            case .named(let name): name
            }
        }
    }

    let file: SourceFile
    let recognizer: SessionAPIRecognizer
    let asyncClosures: AsyncClosureIndex
    /// Where the file mentions an `openSession`-like method: a block that does not cannot open a manual session.
    let openSessionMentions: WordOffsets
    /// Makes typed nodes of the file's tree, from where the walk found them, for the walk and the rules.
    private(set) lazy var locator = SyntaxLocator(root: file.tree)
    @exclusivity(unchecked) private(set) var frames: [Frame] = []
    @exclusivity(unchecked) private(set) var findings: [Finding] = []
    @exclusivity(unchecked) private(set) var deferred: [DeferredFinding] = []
    /// The enabled rules and their severities: six at most, so a scan of short IDs beats hashing one per finding.
    private let enabledRules: [(id: RuleID, severity: Severity)]

    init(file: SourceFile, configuration: LintConfiguration, asyncClosures: AsyncClosureIndex) {
        self.file = file
        recognizer = SessionAPIRecognizer(api: configuration.sessionAPI)
        self.asyncClosures = asyncClosures
        openSessionMentions = WordOffsets(of: configuration.sessionAPI.openSessionMethods, in: file.text)
        enabledRules = RuleCatalog.all.filter(configuration.isEnabled).map { ($0.id, configuration.severity(of: $0)) }
    }

    func push(_ frame: Frame) { frames.append(frame) }
    func pop() { frames.removeLast() }

    /// Where code runs, as far as blocking goes.
    enum Execution {
        /// Synchronously, on whatever thread calls it: blocking is the caller's business.
        case synchronous
        /// In a Swift task on the cooperative pool, which must never block (PONY003).
        case cooperativePool
        /// On the main actor: its own serial executor, not the cooperative pool.
        case mainActor
    }

    /// Where the current code runs: decided by the nearest function, async or main-actor closure, spawned
    /// work or bridged session; top-level code of `main.swift` runs on the main actor.
    var execution: Execution {
        for frame in frames.reversed() {
            switch frame {
            case .function(let isAsync, _, _, let isolation):
                switch isolation {
                case .mainActor: return .mainActor
                case .actor: return .cooperativePool
                case .none: return isAsync ? .cooperativePool : .synchronous
                }
            case .closure(let isAsync, let mainActor):
                if mainActor { return .mainActor }
                if isAsync { return .cooperativePool }
            case .spawned(let spawn, let mainActor):
                guard spawn.kind == .task else { return .synchronous }
                return mainActor ? .mainActor : .cooperativePool
            case .session(let bridge, _):
                if bridge { return .synchronous }
            case .manualSession:
                continue
            }
        }
        return ActorIsolation.isTopLevelMainActor(path: file.path) ? .mainActor : .synchronous
    }

    /// Whether `await` could be written right here: the nearest deciding frame is async and no synchronous
    /// closure stands in between (so a fix may insert `await`).
    var isDirectlyAsync: Bool {
        for frame in frames.reversed() {
            switch frame {
            case .function(let isAsync, _, _, _): return isAsync
            case .closure(let isAsync, _): return isAsync
            case .spawned(let spawn, _): return spawn.kind == .task
            case .session: return false
            case .manualSession: continue
            }
        }
        return false
    }

    /// The innermost session around the current code, not looking past a function or spawned work.
    var sessionScope: SessionScope? {
        for frame in frames.reversed() {
            switch frame {
            case .session(let bridge, let call):
                return SessionScope(source: .closure(bridge: bridge, call: call), isAsyncSessionFunction: false)
            case .manualSession(let description):
                return SessionScope(source: .named(description), isAsyncSessionFunction: false)
            case .function(let isAsync, let sessionAttribute, let name, _):
                guard sessionAttribute else { return nil }
                return SessionScope(source: .named("`@DBSession` function '\(name)'"), isAsyncSessionFunction: isAsync)
            case .spawned:
                return nil
            case .closure:
                continue
            }
        }
        return nil
    }

    private func severity(of rule: RuleID) -> Severity? {
        enabledRules.first { $0.id == rule }?.severity
    }

    /// Records a finding of `rule` at `position`, with the rule's message filled in.
    func report(_ rule: RuleID, at position: AbsolutePosition, _ values: [String: String], fix: Fix? = nil) {
        guard let severity = severity(of: rule) else { return }
        let definition = RuleCatalog[id: rule]
        let location = file.location(of: position)
        findings.append(Finding(
            rule: rule, name: definition.name, severity: severity, file: file.path, line: location.line,
            column: location.column, message: definition.message(values), sourceLine: file.line(location.line),
            fix: fix))
    }

    /// Records a finding of `rule` at `position` to be decided once every file's facts are known, by asking
    /// `question`.
    func reportLater(_ rule: RuleID, at position: AbsolutePosition, _ question: DeferredQuestion) {
        guard let severity = severity(of: rule) else { return }
        deferred.append(DeferredFinding(rule: rule, severity: severity, offset: position.utf8Offset, question: question))
    }
}
