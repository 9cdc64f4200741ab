#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Objects by SQLite row ID: the identity map's table for entities with the generated `id: Int64`.
///
/// An open-addressing hash table (linear probing, backward-shift deletion) in memory it allocates itself: per
/// slot a row ID and the object, held with a manual retain. It replaces `[Int64: AnyObject]`, whose SipHash
/// hashing, probing and rehashing were a quarter of the instructions of fetching rows into objects, and then a
/// table of arrays, whose uniqueness and bounds checks were most of an insert. Row IDs come from the database,
/// not from an adversary, so a keyed hash is not needed. Growing moves slots as plain bytes: no retain or release.
///
/// Two layouts. A table starts *direct*: a row ID's slot is its low bits (folded with the bits above them), so
/// the mostly consecutive IDs a table's rows have land in consecutive slots and a query's rows fill the table
/// in memory order — a Fibonacci-hashed table scattered them, and its cache misses were a fifth of the wall
/// time of fetching 100,000 rows into objects. Consecutive IDs also make long runs of occupied slots, which
/// linear probing walks to the end for a missing key or a deletion; so the first probe in the direct layout
/// that walks more than ``directProbeLimit`` slots rehashes the table *scrambled* (Fibonacci hashing, short
/// runs), once for the table's life. Every operation in the direct layout is therefore bounded too.
final class RowIDTable {
    // Unchecked exclusivity: a table belongs to one session's identity map, used by one thread at a time, and
    // the dynamic checks cost as much as an insert.

    /// The most slots a lookup, insert or deletion walks in the direct layout before the table is scrambled.
    static let directProbeLimit = 32

    /// Row IDs by slot, uninitialized where the slot is empty. Two buffers of eight-byte slots rather than one of
    /// sixteen: glibc consolidates its free lists whenever a block of 64 KiB or more is freed, so a table's blocks
    /// stay under that for longer.
    @exclusivity(unchecked) private var rowIDs: UnsafeMutablePointer<Int64>?
    /// The objects by slot, each retained by the table; nil (all bits zero) marks an empty slot.
    @exclusivity(unchecked) private var objects: UnsafeMutablePointer<Unmanaged<AnyObject>?>?
    /// The number of slots: a power of two, zero before the first insert.
    @exclusivity(unchecked) private(set) var capacity = 0
    /// How many row IDs are stored.
    @exclusivity(unchecked) private(set) var count = 0
    /// log2(capacity).
    @exclusivity(unchecked) private var capacityBits = 0
    /// Whether slots come from Fibonacci hashing rather than the direct layout (see the type's documentation).
    @exclusivity(unchecked) private(set) var isScrambled = false
    /// Changes whenever a slot is filled, emptied or moved: a ``Vacancy`` is good only while it is unchanged.
    @exclusivity(unchecked) private var version = 0

    /// The empty slot a lookup of a missing row ID stopped at, where an insert of that row ID belongs while the
    /// table does not change; it spares the insert that follows a missed lookup a second probe.
    struct Vacancy {
        fileprivate let slot: Int
        fileprivate let version: Int

        /// No slot: the insert probes for itself.
        static let none = Vacancy(slot: -1, version: 0)
    }

    /// A row ID that ``lookUp(_:)`` did not find, and its ``Vacancy``: carried from a lookup to the insert of
    /// the row read for it.
    struct Miss {
        let rowID: Int64
        let vacancy: Vacancy
    }

    deinit {
        for slot in 0..<capacity { objects.unsafelyUnwrapped[slot]?.release() }
        free(rowIDs)
        free(objects)
    }

    subscript(rowID: Int64) -> AnyObject? {
        get {
            guard count > 0 else { return nil }
            let slot = self.slot(holding: rowID)
            return objects.unsafelyUnwrapped[slot]?.takeUnretainedValue()
        }
        set {
            if let newValue { insert(newValue, for: rowID) } else { remove(rowID) }
        }
    }

    /// The object stored for `rowID`, else where inserting it would go. The vacancy is ``Vacancy/none`` when
    /// that insert will grow the table.
    func lookUp(_ rowID: Int64) -> (object: AnyObject?, vacancy: Vacancy) {
        guard count > 0 else { return (nil, .none) }
        let slot = self.slot(holding: rowID)
        if let stored = objects.unsafelyUnwrapped[slot] { return (stored.takeUnretainedValue(), .none) }
        if needsToGrow { return (nil, .none) }
        return (nil, Vacancy(slot: slot, version: version))
    }

    /// Stores `object` for a `rowID` that ``lookUp(_:)`` did not find, in the slot it found, or by a probe of its
    /// own when the table has changed since.
    func insert(_ object: AnyObject, for rowID: Int64, at vacancy: Vacancy) {
        guard vacancy.slot >= 0, vacancy.version == version else { return insert(object, for: rowID) }
        rowIDs.unsafelyUnwrapped[vacancy.slot] = rowID
        objects.unsafelyUnwrapped[vacancy.slot] = .passRetained(object)
        count += 1
        version &+= 1
    }

    private var needsToGrow: Bool { (count + 1) * 4 > capacity * 3 }

    /// Grows the table, if it must, so that it holds `minimumCount` row IDs without growing again.
    func reserveCapacity(_ minimumCount: Int) {
        var newCapacity = Swift.max(16, capacity)
        while minimumCount * 4 > newCapacity * 3 { newCapacity *= 2 }
        if newCapacity > capacity { rehash(to: newCapacity) }
    }

    /// Every stored object, in no particular order.
    var values: [AnyObject] {
        (0..<capacity).compactMap { objects.unsafelyUnwrapped[$0]?.takeUnretainedValue() }
    }

    private func slot(for rowID: Int64) -> Int {
        let key = UInt64(bitPattern: rowID)
        if isScrambled {
            return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - capacityBits))
        }
        return Int(truncatingIfNeeded: (key ^ (key >> UInt64(capacityBits))) & UInt64(capacity - 1))
    }

    /// The slot holding `rowID`, else the empty slot that ends its run. In the direct layout, a walk past
    /// ``directProbeLimit`` slots scrambles the table and looks again.
    private func slot(holding rowID: Int64) -> Int {
        let rowIDs = rowIDs.unsafelyUnwrapped, objects = objects.unsafelyUnwrapped
        let mask = capacity - 1
        var slot = self.slot(for: rowID)
        var walked = 0
        while objects[slot] != nil, rowIDs[slot] != rowID {
            slot = (slot + 1) & mask
            walked += 1
            if walked > Self.directProbeLimit, !isScrambled {
                scramble()
                return self.slot(holding: rowID)
            }
        }
        return slot
    }

    /// Stores `object` for `rowID`, replacing (and releasing) what was stored for it. Called directly rather than
    /// through the subscript's setter, whose owned `newValue` cost the caller a retain and a release per object.
    func insert(_ object: AnyObject, for rowID: Int64) {
        if needsToGrow { rehash(to: Swift.max(16, capacity * 2)) }
        let slot = self.slot(holding: rowID)
        let rowIDs = rowIDs.unsafelyUnwrapped, objects = objects.unsafelyUnwrapped
        if let stored = objects[slot] {
            objects[slot] = .passRetained(object)
            stored.release()
            return
        }
        rowIDs[slot] = rowID
        objects[slot] = .passRetained(object)
        count += 1
        version &+= 1
    }

    private func remove(_ rowID: Int64) {
        guard count > 0 else { return }
        let slot = self.slot(holding: rowID)
        let rowIDs = rowIDs.unsafelyUnwrapped, objects = objects.unsafelyUnwrapped
        let mask = capacity - 1
        guard let removed = objects[slot] else { return }
        // The backward shift below walks the rest of the run: in the direct layout a run of consecutive IDs can
        // be the whole table.
        if !isScrambled, runIsLonger(than: Self.directProbeLimit, after: slot) {
            scramble()
            return remove(rowID)
        }
        objects[slot] = nil
        count -= 1
        version &+= 1
        // Backward shift: move later entries of the run into the hole unless their home slot lies
        // cyclically in (hole, next].
        var hole = slot
        var next = (hole + 1) & mask
        while objects[next] != nil {
            let home = self.slot(for: rowIDs[next])
            if (next &- home) & mask >= (next &- hole) & mask {
                rowIDs[hole] = rowIDs[next]
                objects[hole] = objects[next]
                objects[next] = nil
                hole = next
            }
            next = (next + 1) & mask
        }
        // Last: the object's deinit may run now, and must find the table consistent.
        removed.release()
    }

    private func runIsLonger(than limit: Int, after slot: Int) -> Bool {
        let objects = objects.unsafelyUnwrapped, mask = capacity - 1
        var next = (slot + 1) & mask
        for _ in 0...limit {
            if objects[next] == nil { return false }
            next = (next + 1) & mask
        }
        return true
    }

    private func scramble() {
        isScrambled = true
        rehash(to: capacity)
    }

    /// Moves every stored slot into new buffers of `newCapacity` slots in the current layout. In the direct
    /// layout, a slot that would be placed more than ``directProbeLimit`` slots past its home switches the table
    /// to the scrambled layout and starts again.
    private func rehash(to newCapacity: Int) {
        let oldRowIDs = rowIDs, oldObjects = objects, oldCapacity = capacity
        while true {
            // Only the objects need zeroing: a slot's row ID is read only once its object says the slot is in use.
            guard let newRowIDs = malloc(newCapacity * MemoryLayout<Int64>.stride),
                  let newObjects = calloc(newCapacity, MemoryLayout<Unmanaged<AnyObject>?>.stride)
            else {
                fatalError("out of memory growing the identity map to \(newCapacity) slots")
            }
            let rowIDs = newRowIDs.assumingMemoryBound(to: Int64.self)
            let objects = newObjects.assumingMemoryBound(to: Unmanaged<AnyObject>?.self)
            self.rowIDs = rowIDs
            self.objects = objects
            version &+= 1
            capacity = newCapacity
            capacityBits = newCapacity.trailingZeroBitCount
            if place(oldCapacity, rowIDs: oldRowIDs, objects: oldObjects) { break }
            free(newRowIDs)
            free(newObjects)
            isScrambled = true
        }
        free(oldRowIDs)
        free(oldObjects)
    }

    /// Places the `count` stored slots of the old buffers into the (empty) current ones; false when the direct
    /// layout would walk too far.
    private func place(
        _ oldCapacity: Int, rowIDs oldRowIDs: UnsafeMutablePointer<Int64>?,
        objects oldObjects: UnsafeMutablePointer<Unmanaged<AnyObject>?>?
    ) -> Bool {
        let rowIDs = rowIDs.unsafelyUnwrapped, objects = objects.unsafelyUnwrapped
        let mask = capacity - 1
        for old in 0..<oldCapacity {
            guard let object = oldObjects.unsafelyUnwrapped[old] else { continue }
            let rowID = oldRowIDs.unsafelyUnwrapped[old]
            var slot = self.slot(for: rowID)
            var walked = 0
            while objects[slot] != nil {
                slot = (slot + 1) & mask
                walked += 1
                if walked > Self.directProbeLimit, !isScrambled { return false }
            }
            rowIDs[slot] = rowID
            objects[slot] = object
        }
        return true
    }
}
