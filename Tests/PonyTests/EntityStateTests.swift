@testable import Pony
import Testing

/// The bookkeeping every entity object carries (`_ponyState`).
@Suite("Entity state")
struct EntityStateTests {
    @Test func theStateAddsFortyBytesToEveryObject() {
        // Every object a session loads carries one; its size is memory written per fetched object.
        #expect(MemoryLayout<EntityState>.size == 40)
    }

    @Test func aNewStateIsDetachedCleanAndWithoutARowID() {
        let state = EntityState()
        #expect(state.cache == nil)
        #expect(state.status == .detached)
        #expect(!state.isDirty)
        #expect(state.dirtySlot == -1)
        #expect(state.autoID == 0)
        #expect(state.readColumns == 0 && state.writtenColumns == 0)
    }
}
