import Logging
import PonyLocks
import PonyRules
import Synchronization

public typealias RuleID = PonyRules.RuleID

/// The ORM's debug runtime checks: they trap session misuse while the program runs — the misuse `pony-lint`
/// cannot prove from source, such as a session-opening helper called from a task three modules away.
///
/// ```swift
/// PonyChecks.mode = .report                // log and continue instead of stopping
/// PonyChecks.disabled = ["PONY003"]        // allow short sync sessions inside tasks (PonyORM's own policy)
/// ```
///
/// | rule | what trips it |
/// |---|---|
/// | PONY002 | a task suspends while its session is open (it is re-enqueued holding the session), or another task uses the session's thread while it is open |
/// | PONY003 | a synchronous session is entered in a Swift task that is not running on the main actor |
/// | PONY004 | an entity is written, deleted, or its unloaded relationship read, after its session ended |
/// | PONY005 | a session or one of its entities is used from a thread or task that does not own it |
/// | PONY006 | a manual session is deinitialized, or its thread exits, while still open |
///
/// Every failure prints one message to standard error that starts with
/// `Pony runtime check failed: PONY003 (blocking-session-in-async-context):`, says what happened, how to fix
/// it, and ends with `Run 'pony-lint explain PONY003' for details.` In ``Mode/report`` mode the same message
/// goes to ``logger`` at error level and the program continues as safely as it can (an abandoned manual
/// session is rolled back).
///
/// The environment overrides the defaults, read once at first use: `PONY_CHECKS=trap|report|off` and
/// `PONY_CHECKS_DISABLE=PONY003,task-in-session` (IDs or names). An invalid value stops the program with a
/// message naming it.
///
/// Checks cost one atomic load per ORM operation when on, and nothing more when off.
public enum PonyChecks {
    public enum Mode: String, Sendable, CaseIterable {
        /// Stop the program with the rule's message. The default in debug builds.
        case trap
        /// Log the rule's message at error level and continue.
        case report
        /// Check nothing. The default in release builds.
        case off
    }

    /// What a failed check does. Setting it to `.off` also removes the task-scheduling hook PONY002 uses.
    public static var mode: Mode {
        get { CheckState.current.mode }
        set {
            CheckState.update { $0.mode = newValue }
            if newValue == .off { SuspensionHook.uninstall() }
        }
    }

    /// Rules whose runtime check is skipped.
    public static var disabled: Set<RuleID> {
        get { CheckState.current.disabled }
        set { CheckState.update { $0.disabled = newValue } }
    }

    /// Where `.report` mode logs. Replace it to route check failures elsewhere.
    public static var logger: Logger {
        get { loggerSlot.withLock { $0 } }
        set { loggerSlot.withLock { $0 = newValue } }
    }

    private static let loggerSlot = LockedValue(Logger(label: "pony.checks"))

    /// The default mode of this build: `.trap` in debug builds, `.off` in release builds.
    public static var defaultMode: Mode {
        #if DEBUG
        .trap
        #else
        .off
        #endif
    }
}

/// The rules that have runtime checks, as bit positions in ``CheckState``.
enum CheckedRule: UInt32, CaseIterable {
    case pony002 = 2, pony003 = 3, pony004 = 4, pony005 = 5, pony006 = 6

    var id: RuleID {
        switch self {
        case .pony002: "PONY002"
        case .pony003: "PONY003"
        case .pony004: "PONY004"
        case .pony005: "PONY005"
        case .pony006: "PONY006"
        }
    }
}

/// Mode and disabled rules packed into one atomic word, so a check costs one relaxed load.
@usableFromInline
struct CheckState: Sendable {
    var mode: PonyChecks.Mode
    var disabled: Set<RuleID>

    /// bits 0-1: mode (0 off, 1 report, 2 trap); bit 8 + n: PONYn is disabled.
    var packed: UInt32 {
        var word: UInt32 = switch mode {
        case .off: 0
        case .report: 1
        case .trap: 2
        }
        for rule in CheckedRule.allCases where disabled.contains(rule.id) {
            word |= 1 << (8 + rule.rawValue)
        }
        return word
    }

    /// The packed state, read by inlined code (``isOn``), so not private; written only by ``update(_:)`` and
    /// ``resolve()``. It starts as ``unresolved`` — a constant, so the word needs no lazy initialization and
    /// reading it costs one load, not a `swift_once` call — and takes the environment's state at the first check.
    @usableFromInline static let word = Atomic<UInt32>(3)
    /// Mode bits 3, which no mode packs to: the environment has not been read yet.
    @usableFromInline static var unresolved: UInt32 { 3 }
    private static let details = LockedValue(CheckEnvironment.initialState)

    static var current: CheckState {
        details.withLock { $0 }
    }

    static func update(_ change: (inout CheckState) -> Void) {
        details.withLock { state in
            change(&state)
            word.store(state.packed, ordering: .releasing)
        }
    }

    /// The packed state, with the environment read on first use.
    @inlinable @inline(__always)
    static var packedWord: UInt32 {
        let value = word.load(ordering: .relaxed)
        return value == unresolved ? resolve() : value
    }

    /// Replaces ``unresolved`` with the environment's state (under the lock ``update(_:)`` takes, so a state
    /// set meanwhile is kept) and returns the word.
    @usableFromInline @inline(never)
    static func resolve() -> UInt32 {
        details.withLock { state in
            let (exchanged, original) = word.compareExchange(
                expected: unresolved, desired: state.packed, successOrdering: .acquiringAndReleasing, failureOrdering: .acquiring)
            return exchanged ? state.packed : original
        }
    }

    /// Whether checks are on at all.
    @inlinable
    static var isOn: Bool {
        packedWord & 3 != 0
    }

    /// Whether a rule's check runs.
    @inline(__always)
    static func isActive(_ rule: CheckedRule) -> Bool {
        let value = packedWord
        return value & 3 != 0 && value & (1 << (8 + rule.rawValue)) == 0
    }

    static var isTrapping: Bool {
        packedWord & 3 == 2
    }
}
