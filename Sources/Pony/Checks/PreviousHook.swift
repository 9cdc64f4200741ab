import Synchronization

/// One hook slot's former occupant — a thin function pointer or none — kept in an atomic so the hook can read
/// it on any thread while `SuspensionHook` installs or removes itself on another.
final class PreviousHook<Function>: Sendable {
    private let bits = Atomic<UInt>(0)

    init() {
        precondition(MemoryLayout<Function?>.size == MemoryLayout<UInt>.size, "a hook must be one thin function pointer")
    }

    func store(_ function: Function?) {
        bits.store(unsafeBitCast(function, to: UInt.self), ordering: .releasing)
    }

    func load() -> Function? {
        unsafeBitCast(bits.load(ordering: .acquiring), to: Function?.self)
    }
}
