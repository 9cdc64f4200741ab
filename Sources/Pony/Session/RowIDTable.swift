/// Objects by SQLite row ID: the identity map's table for entities with the generated `id: Int64`.
///
/// An open-addressing hash table (linear probing, Fibonacci hashing, backward-shift deletion) whose slots
/// hold plain integers — a row ID and an index into `objects` — so growing it copies no references. It
/// replaces `[Int64: AnyObject]`, whose SipHash hashing, probing and rehashing were a quarter of the
/// instructions of fetching rows into objects. Row IDs come from the database, not from an adversary, so a
/// keyed hash is not needed.
struct RowIDTable {
    /// Row IDs by slot.
    private var keys: [Int64] = []
    /// 1 + the index in `objects` by slot; 0 marks an empty slot.
    private var slots: [Int] = []
    /// The objects, in insertion order; removed ones leave `nil`.
    private var objects: [AnyObject?] = []
    /// How many row IDs are stored.
    private(set) var count = 0
    /// 64 − log2(capacity): the shift that turns a Fibonacci hash into a slot.
    private var shift = 64

    subscript(rowID: Int64) -> AnyObject? {
        get {
            guard count > 0 else { return nil }
            let mask = slots.count - 1
            var slot = self.slot(for: rowID)
            while slots[slot] != 0 {
                if keys[slot] == rowID { return objects[slots[slot] - 1] }
                slot = (slot + 1) & mask
            }
            return nil
        }
        set {
            if let newValue { insert(newValue, for: rowID) } else { remove(rowID) }
        }
    }

    /// Every stored object, in insertion order.
    var values: some Sequence<AnyObject> { objects.lazy.compactMap { $0 } }

    private func slot(for rowID: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: rowID) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    private mutating func insert(_ object: AnyObject, for rowID: Int64) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var slot = self.slot(for: rowID)
        while slots[slot] != 0 {
            if keys[slot] == rowID {
                objects[slots[slot] - 1] = object
                return
            }
            slot = (slot + 1) & mask
        }
        objects.append(object)
        keys[slot] = rowID
        slots[slot] = objects.count
        count += 1
    }

    private mutating func remove(_ rowID: Int64) {
        guard count > 0 else { return }
        let mask = slots.count - 1
        var slot = self.slot(for: rowID)
        while slots[slot] != 0, keys[slot] != rowID { slot = (slot + 1) & mask }
        guard slots[slot] != 0 else { return }
        objects[slots[slot] - 1] = nil
        slots[slot] = 0
        count -= 1
        // Backward shift: move later entries of the run into the hole unless their home slot lies
        // cyclically in (hole, next].
        var hole = slot
        var next = (hole + 1) & mask
        while slots[next] != 0 {
            let home = self.slot(for: keys[next])
            if (next &- home) & mask >= (next &- hole) & mask {
                keys[hole] = keys[next]
                slots[hole] = slots[next]
                slots[next] = 0
                hole = next
            }
            next = (next + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldSlots = slots
        let capacity = Swift.max(16, slots.count * 2)
        keys = Array(repeating: 0, count: capacity)
        slots = Array(repeating: 0, count: capacity)
        shift = 64 - capacity.trailingZeroBitCount
        let mask = capacity - 1
        for index in oldSlots.indices where oldSlots[index] != 0 {
            var slot = self.slot(for: oldKeys[index])
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[index]
            slots[slot] = oldSlots[index]
        }
        // Compact away removed objects when they are the majority, so churn does not grow `objects`.
        if objects.count > 2 * count + 16 { compact() }
    }

    private mutating func compact() {
        var moved: [Int] = Array(repeating: 0, count: objects.count)
        var kept: [AnyObject?] = []
        kept.reserveCapacity(count)
        for (index, object) in objects.enumerated() where object != nil {
            kept.append(object)
            moved[index] = kept.count
        }
        for slot in slots.indices where slots[slot] != 0 { slots[slot] = moved[slots[slot] - 1] }
        objects = kept
    }
}
