/// To-many collections a query's `prefetch` loaded, waiting for their owners to read them: by attribute, then by
/// owner. A session prefetches few attributes, so they are searched in a short array by name, compared with the
/// `StaticString` the generated getter passes without making a `String` of it; owners are found by identity.
struct PrefetchedCollections {
    private var byAttribute: [(attribute: String, collections: [ObjectIdentifier: PrefetchedCollection])] = []

    var isEmpty: Bool { byAttribute.isEmpty }

    /// Lets `body` add or replace the collections of `attribute`.
    mutating func store(attribute: String, _ body: (inout [ObjectIdentifier: PrefetchedCollection]) -> Void) {
        if let index = byAttribute.firstIndex(where: { $0.attribute == attribute }) {
            body(&byAttribute[index].collections)
        } else {
            var collections: [ObjectIdentifier: PrefetchedCollection] = [:]
            body(&collections)
            byAttribute.append((attribute, collections))
        }
    }

    /// Removes and returns the collection prefetched for `owner`'s `attribute`, if any: the owner keeps it from then on.
    mutating func take(owner: ObjectIdentifier, attribute: StaticString) -> PrefetchedCollection? {
        for index in byAttribute.indices where Self.equal(attribute, byAttribute[index].attribute) {
            let found = byAttribute[index].collections.removeValue(forKey: owner)
            if byAttribute[index].collections.isEmpty { byAttribute.remove(at: index) }
            return found
        }
        return nil
    }

    mutating func removeAll() {
        byAttribute.removeAll()
    }

    private static func equal(_ name: StaticString, _ other: String) -> Bool {
        name.withUTF8Buffer { $0.elementsEqual(other.utf8) }
    }
}

/// A to-many collection a `prefetch` loaded for one object, waiting for the object to read it.
struct PrefetchedCollection {
    let version: Int
    /// Every element is a `Target` of the relationship: the prefetch fetched them as that entity.
    let objects: [AnyObject]

    /// The objects as the relationship's element type, without a check per element (`as? [Target]` was a quarter
    /// of reading a prefetched collection).
    func objects<Target: Entity>(as type: Target.Type) -> [Target] {
        objects.reinterpreted(as: Target.self)
    }
}
