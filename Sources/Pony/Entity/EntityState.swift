/// Per-object bookkeeping the `@Entity` macro adds to every entity as `_ponyState`.
///
/// Tracks which session cache the object belongs to, whether it is new, changed or deleted, and for
/// entities with the default primary key, the row ID SQLite assigned.
public struct EntityState {
    enum Status: UInt8 {
        /// Created outside a session or by generated code that has not registered it yet.
        case detached
        /// Created in a session; the INSERT runs at the next flush.
        case pendingInsert
        /// Being inserted right now (guards against reference cycles between new objects).
        case inserting
        /// Has a row in the database.
        case persistent
        /// Deleted in its session.
        case deleted
    }

    var cache: SessionCache?
    var status: Status = .detached
    var isDirty = false
    /// The row ID of entities with the default `id: Int64` key; 0 until inserted.
    var autoID: Int64 = 0

    public init() {}

    init(cache: SessionCache?, status: Status, autoID: Int64) {
        self.cache = cache
        self.status = status
        self.autoID = autoID
    }
}
