/// Per-object bookkeeping the `@Entity` macro adds to every entity as `_ponyState`.
///
/// Tracks which session cache the object belongs to, whether it is new, changed or deleted, and for
/// entities with the default primary key, the row ID SQLite assigned.
public struct EntityState {
    @usableFromInline
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

    // Field order keeps the struct at 40 bytes (the one-byte and four-byte fields share a word): every object
    // the session loads carries it, and its size is the memory a fetch writes per object beyond the values.
    /// Read by inlined attribute getters for their runtime check (``_EntityRuntime/willRead(_:column:)``).
    @usableFromInline var cache: SessionCache?
    @usableFromInline var status: Status = .detached
    var isDirty = false
    /// While dirty: the object's slot in its cache's `dirty` list, which keeps the values its written columns
    /// had before their first assignment since the last flush.
    var dirtySlot: Int32 = -1
    /// The row ID of entities with the default `id: Int64` key; 0 until inserted.
    @usableFromInline var autoID: Int64 = 0
    /// The value columns (``ColumnMask``) the session read since the object was loaded: an update or
    /// delete compares them with the database (PonyORM's optimistic checks).
    @usableFromInline var readColumns: UInt64 = 0
    /// The value columns assigned since the last flush: what the next UPDATE sets, and compares too.
    var writtenColumns: UInt64 = 0

    public init() {}

    init(cache: SessionCache?, status: Status, autoID: Int64) {
        self.cache = cache
        self.status = status
        self.autoID = autoID
    }

    /// Takes on the bookkeeping of an object read from `row` (its session's cache, persistent, its row ID); the
    /// generated `init(_ponyRow:)` calls it on the fresh object's state.
    ///
    /// Inlinable and in place: assigning a whole new `EntityState` to the object's default one went through the
    /// type's value witness (about 120 instructions per object with the reader's getter), this is three stores
    /// and the cache's retain.
    @inlinable
    public mutating func _adopt(_ row: borrowing RowReader) {
        cache = row.cache.takeUnretainedValue()
        status = .persistent
        autoID = row.autoID
    }
}

/// Value columns as bits: column `c` is the `c`-th column attribute after the primary key, in declaration
/// order (the order `_ponyEncode` writes them). Columns from the 65th on have no bit: they are written by
/// every UPDATE and never compared.
@usableFromInline
enum ColumnMask {
    @usableFromInline static let width = 64

    @inlinable
    static func bit(_ column: Int) -> UInt64 {
        column >= 0 && column < width ? 1 << UInt64(column) : 0
    }
}

extension Entity {
    /// Runs `body` on the object's state in place. Reading `_ponyState` through the protocol calls its getter,
    /// which copies the whole struct (retaining its cache) for every field read; this uses the `modify` accessor.
    @inline(__always)
    func _withState<R>(_ body: (inout EntityState) throws -> R) rethrows -> R {
        try body(&_ponyState)
    }
}
