#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Objects by SQLite row ID: the identity map's table for entities with the generated `id: Int64`.
///
/// An open-addressing hash table (linear probing, Fibonacci hashing, backward-shift deletion) in memory it
/// allocates itself: per slot a row ID and the object, held with a manual retain. It replaces
/// `[Int64: AnyObject]`, whose SipHash hashing, probing and rehashing were a quarter of the instructions of
/// fetching rows into objects, and then a table of arrays, whose uniqueness and bounds checks were most of an
/// insert. Row IDs come from the database, not from an adversary, so a keyed hash is not needed. Growing moves
/// slots as plain bytes: no retain or release.
final class RowIDTable {
    // Unchecked exclusivity: a table belongs to one session's identity map, used by one thread at a time, and
    // the dynamic checks cost as much as an insert.

    /// Row IDs by slot. Two buffers of eight-byte slots rather than one of sixteen: glibc consolidates its free
    /// lists whenever a block of 64 KiB or more is freed, so a table's blocks stay under that for longer.
    @exclusivity(unchecked) private var rowIDs: UnsafeMutablePointer<Int64>?
    /// The objects by slot, each retained by the table; nil (all bits zero) marks an empty slot.
    @exclusivity(unchecked) private var objects: UnsafeMutablePointer<Unmanaged<AnyObject>?>?
    /// The number of slots: a power of two, zero before the first insert.
    @exclusivity(unchecked) private var capacity = 0
    /// How many row IDs are stored.
    @exclusivity(unchecked) private(set) var count = 0
    /// 64 − log2(capacity): the shift that turns a Fibonacci hash into a slot.
    @exclusivity(unchecked) private var shift = 64

    deinit {
        for slot in 0..<capacity { objects.unsafelyUnwrapped[slot]?.release() }
        free(rowIDs)
        free(objects)
    }

    subscript(rowID: Int64) -> AnyObject? {
        get {
            guard count > 0 else { return nil }
            let rowIDs = rowIDs.unsafelyUnwrapped, objects = objects.unsafelyUnwrapped
            let mask = capacity - 1
            var slot = self.slot(for: rowID)
            while let object = objects[slot] {
                if rowIDs[slot] == rowID { return object.takeUnretainedValue() }
                slot = (slot + 1) & mask
            }
            return nil
        }
        set {
            if let newValue { insert(newValue, for: rowID) } else { remove(rowID) }
        }
    }

    /// Every stored object, in no particular order.
    var values: [AnyObject] {
        (0..<capacity).compactMap { objects.unsafelyUnwrapped[$0]?.takeUnretainedValue() }
    }

    private func slot(for rowID: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: rowID) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    private func insert(_ object: AnyObject, for rowID: Int64) {
        if (count + 1) * 4 > capacity * 3 { grow() }
        let rowIDs = rowIDs.unsafelyUnwrapped, objects = objects.unsafelyUnwrapped
        let mask = capacity - 1
        var slot = self.slot(for: rowID)
        while let stored = objects[slot] {
            if rowIDs[slot] == rowID {
                objects[slot] = .passRetained(object)
                stored.release()
                return
            }
            slot = (slot + 1) & mask
        }
        rowIDs[slot] = rowID
        objects[slot] = .passRetained(object)
        count += 1
    }

    private func remove(_ rowID: Int64) {
        guard count > 0 else { return }
        let rowIDs = rowIDs.unsafelyUnwrapped, objects = objects.unsafelyUnwrapped
        let mask = capacity - 1
        var slot = self.slot(for: rowID)
        while objects[slot] != nil, rowIDs[slot] != rowID { slot = (slot + 1) & mask }
        guard let removed = objects[slot] else { return }
        objects[slot] = nil
        count -= 1
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

    private func grow() {
        let oldRowIDs = rowIDs, oldObjects = objects, oldCapacity = capacity
        capacity = Swift.max(16, oldCapacity * 2)
        guard let newRowIDs = calloc(capacity, MemoryLayout<Int64>.stride),
              let newObjects = calloc(capacity, MemoryLayout<Unmanaged<AnyObject>?>.stride)
        else {
            fatalError("out of memory growing the identity map to \(capacity) slots")
        }
        let rowIDs = newRowIDs.assumingMemoryBound(to: Int64.self)
        let objects = newObjects.assumingMemoryBound(to: Unmanaged<AnyObject>?.self)
        self.rowIDs = rowIDs
        self.objects = objects
        shift = 64 - capacity.trailingZeroBitCount
        let mask = capacity - 1
        for old in 0..<oldCapacity {
            guard let object = oldObjects.unsafelyUnwrapped[old] else { continue }
            let rowID = oldRowIDs.unsafelyUnwrapped[old]
            var slot = self.slot(for: rowID)
            while objects[slot] != nil { slot = (slot + 1) & mask }
            rowIDs[slot] = rowID
            objects[slot] = object
        }
        free(oldRowIDs)
        free(oldObjects)
    }
}
