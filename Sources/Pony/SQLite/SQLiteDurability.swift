/// What a committed session of a SQLite file database survives (PRAGMA synchronous in WAL mode).
///
/// ```swift
/// var settings = try DatabaseSettings(url: "sqlite:///data/ledger.sqlite")
/// settings.durability = .full     // a commit survives power loss, at one fsync per commit
/// try db.bind(settings)
/// ```
///
/// Either way a crash or power loss never leaves a session partly written: SQLite's WAL is atomic.
public enum SQLiteDurability: String, Sendable, Equatable, CaseIterable {
    /// `synchronous = NORMAL`, the default: every session that returned survives the app crashing or being
    /// killed; after an operating-system crash or power loss the last sessions before it may be missing.
    /// Commits do not wait for the disk.
    case normal
    /// `synchronous = FULL`: every session that returned survives power loss too; each commit waits for the
    /// disk (an fsync), which costs far more than the commit itself on most disks.
    case full
}
