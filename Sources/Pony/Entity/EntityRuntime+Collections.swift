/// To-many and many-to-many collections: loading them, and assigning a new collection.
extension _EntityRuntime {
    /// The objects of a to-many relationship, loaded with one query and cached until relationships change.
    static func relatedObjects<Target: Entity, Owner: Entity>(
        of owner: Owner, attribute: StaticString, cache storage: inout ToManyStorage<Target>
    ) -> [Target] {
        let cache = liveCache(of: owner, loading: attribute)
        if let loaded = storage.loaded, storage.loadedVersion == cache.relationshipVersion {
            return loaded
        }
        if !cache.prefetchedCollections.isEmpty,
           let prefetched = cache.prefetchedCollections.take(owner: ObjectIdentifier(owner), attribute: attribute),
           prefetched.version == cache.relationshipVersion {
            let objects = prefetched.objects(as: Target.self)
            storage.loaded = objects
            storage.loadedVersion = prefetched.version
            return objects
        }
        do {
            let relationship = try collection(of: Owner.self, attribute)
            if relationship.link != nil && cache.hasNoLinks(owner) {
                storage.loaded = []
                storage.loadedVersion = cache.relationshipVersion
                return []
            }
            // Writes what is pending, the owner included if new, in creation order: the query needs its key.
            try cache.flush()
            let target = try Target._ponyEntity.requireMapping()
            let sql = switch relationship.kind {
            case .toMany(let inverse): target.selectSQL(whereColumnIs: inverse.column)
            case .manyToMany(let link): link.selectTargetsSQL(target)
            case .toOne: throw PonyError.mapping("\(Owner._ponyEntity.name).\(attribute) is not a to-many relationship")
            }
            let objects = try cache.fetchAll(Target.self, sql: sql, arguments: [owner.id])
            storage.loaded = objects
            storage.loadedVersion = cache.relationshipVersion
            return objects
        } catch {
            fail(error)
        }
    }

    /// Assigning a to-many relationship (`post.tags = …`, and `post.tags.append(tag)`, which assigns): for a
    /// to-many, points added objects' to-one side at the owner and clears it on removed ones; for a many-to-many,
    /// records the added and removed links for the next flush. Returns the session's relationship version after the
    /// change, at which the assigned collection is the loaded one.
    static func replaceRelatedObjects<Target: Entity, Owner: Entity>(
        of owner: Owner, attribute: StaticString, current: [Target], with new: [Target]
    ) -> Int {
        let cache = liveCache(of: owner, loading: attribute)
        do {
            let (removed, added) = difference(from: current, to: new)
            switch try collection(of: Owner.self, attribute).kind {
            case .toMany(let inverse):
                try repoint(removed: removed, added: added, of: owner, attribute: attribute, inverse: inverse)
            case .manyToMany(let link):
                for object in removed { cache.recordLink(link, from: owner, to: object, added: false) }
                for object in added {
                    try requireLinkable(object, from: owner, attribute: attribute, cache: cache)
                    cache.recordLink(link, from: owner, to: object, added: true)
                }
            case .toOne:
                throw PonyError.mapping("\(Owner._ponyEntity.name).\(attribute) is not a to-many relationship")
            }
        } catch {
            fail(error)
        }
        return cache.relationshipVersion
    }

    /// The objects `current` has and `new` has not, and the other way round. Filling an empty collection and
    /// appending one object, the common cases, need no sets.
    private static func difference<Target: Entity>(from current: [Target], to new: [Target]) -> (removed: [Target], added: [Target]) {
        if current.isEmpty { return ([], new) }
        if new.count == current.count + 1, zip(current, new).allSatisfy({ $0 === $1 }), let last = new.last,
           !current.contains(where: { $0 === last }) {
            return ([], [last])
        }
        let newSet = Set(new.map(ObjectIdentifier.init))
        let currentSet = Set(current.map(ObjectIdentifier.init))
        return (current.filter { !newSet.contains(ObjectIdentifier($0)) }, new.filter { !currentSet.contains(ObjectIdentifier($0)) })
    }

    /// A collection assigned in the owner's initializer (`self.tags = tags`), before the owner is registered with
    /// the session: kept with the session and assigned right after registration (``didCreate(_:)``).
    static func assignInInitializer<Target: Entity, Owner: Entity>(_ objects: [Target], to owner: Owner, attribute: StaticString) {
        guard let context = SessionContext.current else {
            fail(.sessionRequired(operation: "creating a \(Owner._ponyEntity.name)"))
        }
        context.collectionsAssignedInInitializers[ObjectIdentifier(owner), default: []].append {
            _ = replaceRelatedObjects(of: owner, attribute: attribute, current: [], with: objects)
        }
    }

    private static func repoint<Target: Entity, Owner: Entity>(
        removed: [Target], added: [Target], of owner: Owner, attribute: StaticString, inverse: InverseToOne
    ) throws {
        for object in removed {
            guard let keyPath = inverse.keyPath as? ReferenceWritableKeyPath<Target, Owner?> else {
                throw PonyError.sessionMisuse(
                    "cannot remove \(describe(object)) from \(describe(owner)).\(attribute): "
                        + "\(Target._ponyEntity.name).\(inverse.attribute) is required; delete it or assign it to another \(Owner._ponyEntity.name)")
            }
            object[keyPath: keyPath] = nil
        }
        for object in added {
            if let keyPath = inverse.keyPath as? ReferenceWritableKeyPath<Target, Owner?> {
                object[keyPath: keyPath] = owner
            } else if let keyPath = inverse.keyPath as? ReferenceWritableKeyPath<Target, Owner> {
                object[keyPath: keyPath] = owner
            }
        }
    }

    /// An object added to a many-to-many collection must be alive in the owner's session.
    private static func requireLinkable<Target: Entity, Owner: Entity>(
        _ object: Target, from owner: Owner, attribute: StaticString, cache: SessionCache
    ) throws {
        let state = object._ponyState
        if state.status == .deleted {
            throw PonyError.sessionMisuse("cannot add \(describe(object)) to \(describe(owner)).\(attribute): it is deleted")
        }
        guard state.cache === cache else {
            throw PonyError.sessionMisuse(
                "cannot add \(describe(object)) to \(describe(owner)).\(attribute): it belongs to another session "
                    + "(fetch it again in this one)")
        }
    }

    /// The to-many or many-to-many relationship `attribute` of `Owner`.
    private static func collection<Owner: Entity>(
        of owner: Owner.Type, _ attribute: StaticString
    ) throws -> RelationshipMapping {
        let mapping = try Owner._ponyEntity.requireMapping()
        guard let relationship = mapping.relationships["\(attribute)"], relationship.isCollection else {
            throw PonyError.mapping("\(mapping.name).\(attribute) is not a mapped to-many relationship")
        }
        return relationship
    }
}
