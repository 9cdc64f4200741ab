/// Prepared statements by SQL text, at most `capacity` of them: adding one to a full cache evicts the least
/// recently used. Without a bound, every distinct raw SQL string and every `IN (?, …)` length of a
/// `#Predicate` would stay prepared until the database disconnects.
///
/// ```swift
/// var cache = StatementCache<Statement>(capacity: 256)
/// if let statement = cache[sql] { … } else { let evicted = cache.insert(try prepare(sql), for: sql) }
/// ```
///
/// A lookup costs one dictionary access and a counter bump; an eviction scans the entries for the oldest,
/// which happens only when the cache is full and a new statement arrives. Not synchronized: its connection's
/// lock holder uses it.
package struct StatementCache<Value> {
    /// A class, so marking a hit as used does not write the dictionary back (one hash per lookup).
    private final class Entry {
        let value: Value
        var lastUse: UInt64

        init(value: Value, lastUse: UInt64) {
            self.value = value
            self.lastUse = lastUse
        }
    }

    /// How many statements it keeps; 0 keeps none.
    package let capacity: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0

    package init(capacity: Int) {
        precondition(capacity >= 0, "a statement cache's capacity cannot be negative")
        self.capacity = capacity
    }

    package var count: Int { entries.count }

    /// The statement prepared for `sql`, marked as just used.
    package subscript(sql: String) -> Value? {
        mutating get {
            guard let entry = entries[sql] else { return nil }
            clock &+= 1
            entry.lastUse = clock
            return entry.value
        }
    }

    /// Keeps `value` for `sql`; returns what had to go to make room (so its owner can release it), or the
    /// value itself when the capacity is 0.
    @discardableResult
    package mutating func insert(_ value: Value, for sql: String) -> [Value] {
        guard capacity > 0 else { return [value] }
        var evicted: [Value] = []
        if entries[sql] == nil, entries.count >= capacity,
           let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            evicted.append(oldest.value.value)
            entries[oldest.key] = nil
        }
        clock &+= 1
        if let replaced = entries.updateValue(Entry(value: value, lastUse: clock), forKey: sql) {
            evicted.append(replaced.value)
        }
        return evicted
    }

    /// Empties the cache; returns what it held.
    package mutating func removeAll() -> [Value] {
        defer { entries.removeAll() }
        return entries.values.map(\.value)
    }
}
