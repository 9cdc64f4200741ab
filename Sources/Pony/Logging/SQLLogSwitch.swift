import Logging
import PonyLocks
import Synchronization

/// A database's SQL logging, shared by its connections and their statements. When it is off, a statement pays
/// one atomic load per step; when on, it times each call into the driver and logs the statement when it ends.
final class SQLLogSwitch: Sendable {
    private let enabled = Atomic<Bool>(false)
    private let log = LockedValue<SQLLog?>(nil)

    /// The switch of statements that belong to no database (never on).
    static let off = SQLLogSwitch()

    init(_ initial: SQLLog? = nil) {
        set(initial)
    }

    @inline(__always)
    var isOn: Bool { enabled.load(ordering: .relaxed) }

    var current: SQLLog? { log.withLock { $0 } }

    func set(_ newValue: SQLLog?) {
        log.withLock { log in
            log = newValue
            enabled.store(newValue != nil, ordering: .relaxed)
        }
    }

    /// Logs one finished statement. `values` renders the statement with its values; called only when they are
    /// asked for.
    func record(_ run: SQLRun, values: () -> String?) {
        guard let log = current else { return }
        var metadata: Logger.Metadata = ["duration": "\(run.durationText)"]
        if let rows = run.rows { metadata["rows"] = "\(rows)" }
        if let changed = run.changed { metadata["changed"] = "\(changed)" }
        if let error = run.error { metadata["error"] = "\(error)" }
        let text = log.showsValues ? values() ?? run.sql : run.sql
        log.logger.debug("\(text)", metadata: metadata)
    }
}

/// One finished statement, as the SQL log reports it.
struct SQLRun {
    let sql: String
    let duration: Duration
    /// Rows the statement returned, for statements that return rows.
    var rows: Int?
    /// Rows it inserted, updated or deleted, for statements that change rows.
    var changed: Int?
    var error: PonyError?

    /// Milliseconds with microsecond precision: `0.052 ms`.
    var durationText: String {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) ms"
    }
}
