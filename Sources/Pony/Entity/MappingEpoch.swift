import Synchronization

/// A counter that changes whenever any entity's mapping is attached or detached.
///
/// A session keeps the mapping it looked up last together with the epoch it read *before* the lookup; while the
/// epoch is unchanged that mapping is still current. One counter for all entities (mappings change at start-up
/// and at `disconnect()`, not while requests run) means the check needs neither the entity's descriptor — a
/// protocol witness call and a retain and release on every object access — nor its lock: one atomic load.
enum MappingEpoch {
    private static let counter = Atomic<Int>(0)

    /// The current epoch: read it before reading a mapping, and a mapping kept with it is current while the two
    /// are equal.
    static var current: Int {
        counter.load(ordering: .acquiring)
    }

    /// Marks every kept mapping stale; called after a mapping is attached or detached.
    static func advance() {
        counter.add(1, ordering: .releasing)
    }
}
