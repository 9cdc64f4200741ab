@testable import Pony
import Testing

/// The store of prefetched collections waiting for their owners to read them.
@Suite("Prefetched collections")
struct PrefetchedCollectionsTests {
    final class Owner {}

    @Test func aCollectionIsTakenOnceByItsOwnerAndAttribute() {
        var store = PrefetchedCollections()
        let ann = Owner()
        store.store(attribute: "tags") { $0[ObjectIdentifier(ann)] = PrefetchedCollection(version: 3, objects: [Owner()]) }
        #expect(store.take(owner: ObjectIdentifier(ann), attribute: "tags")?.version == 3)
        #expect(store.take(owner: ObjectIdentifier(ann), attribute: "tags") == nil)
        #expect(store.isEmpty)
    }

    @Test func attributesOfOneOwnerAreKeptApart() {
        var store = PrefetchedCollections()
        let ann = Owner()
        store.store(attribute: "tags") { $0[ObjectIdentifier(ann)] = PrefetchedCollection(version: 1, objects: []) }
        store.store(attribute: "tagsOfFriends") { $0[ObjectIdentifier(ann)] = PrefetchedCollection(version: 2, objects: []) }
        #expect(store.take(owner: ObjectIdentifier(ann), attribute: "tag") == nil)
        #expect(store.take(owner: ObjectIdentifier(ann), attribute: "tagsOfFriends")?.version == 2)
        #expect(store.take(owner: ObjectIdentifier(ann), attribute: "tags")?.version == 1)
    }

    @Test func anotherOwnersCollectionIsNotHandedOut() {
        var store = PrefetchedCollections()
        let (ann, bob) = (Owner(), Owner())
        store.store(attribute: "tags") { $0[ObjectIdentifier(ann)] = PrefetchedCollection(version: 1, objects: []) }
        #expect(store.take(owner: ObjectIdentifier(bob), attribute: "tags") == nil)
        #expect(!store.isEmpty)
    }
}
