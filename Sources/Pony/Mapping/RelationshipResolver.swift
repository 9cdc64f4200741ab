/// Resolves every relationship of a set of entities: targets must be mapped to the same database, and
/// each to-many finds the to-one on the other side that points back (its inverse).
struct RelationshipResolver {
    /// Every entity type mapped to the database after this `generateMapping` call.
    let entities: [ObjectIdentifier: any Entity.Type]

    func resolve(_ entity: any Entity.Type) throws -> [String: RelationshipMapping] {
        func open<E: Entity>(_ type: E.Type) throws -> [String: RelationshipMapping] {
            var relationships: [String: RelationshipMapping] = [:]
            for attribute in E._ponyEntity.attributes {
                switch attribute.kind {
                case .value:
                    continue
                case .toOne(let target, _):
                    try requireMapped(target, by: "\(E._ponyEntity.name).\(attribute.name)")
                    try requireSingleKey(target, by: "\(E._ponyEntity.name).\(attribute.name)", what: "a to-one relationship")
                    relationships[attribute.name] = RelationshipMapping(attribute: attribute.name, target: target, kind: .toOne)
                case .toMany(let target):
                    try requireMapped(target, by: "\(E._ponyEntity.name).\(attribute.name)")
                    relationships[attribute.name] = try collection(attribute, of: E.self, target: target)
                }
            }
            return relationships
        }
        return try open(entity)
    }

    /// A foreign key or a link-table column holds one key column, so an entity with a composite key cannot be
    /// pointed at.
    private func requireSingleKey(_ target: any Entity.Type, by attribute: String, what: String) throws {
        func open<Target: Entity>(_ target: Target.Type) throws {
            let descriptor = Target._ponyEntity
            guard descriptor.hasCompositeKey else { return }
            throw PonyError.mapping(
                "\(attribute) is \(what) to \(descriptor.name), whose primary key is composite "
                    + "(\(descriptor.keyAttributes.map(\.name).joined(separator: ", "))); a foreign key to it would need one column per "
                    + "part, which Pony does not map: point at the parts instead, or give \(descriptor.name) a one-column key and "
                    + "make the parts a composite unique index (static let compositeIndexes)")
        }
        try open(target)
    }

    private func requireMapped(_ target: any Entity.Type, by attribute: String) throws {
        guard entities[ObjectIdentifier(target)] != nil else {
            throw PonyError.mapping("\(attribute) refers to \(target), which is not mapped to this database; add \(target).self to generateMapping")
        }
    }

    /// A to-many attribute: finds the attribute of the target pointing back, which makes it a to-many (a to-one
    /// points back) or a many-to-many (a to-many points back).
    private func collection<Owner: Entity>(
        _ attribute: AttributeDescription, of owner: Owner.Type, target: any Entity.Type
    ) throws -> RelationshipMapping {
        func open<Target: Entity>(_ target: Target.Type) throws -> RelationshipMapping {
            let name = "\(Owner._ponyEntity.name).\(attribute.name)"
            let isSelfRelation = Target.self == Owner.self
            // In a relationship of an entity with itself the attribute is a candidate only when named as its own
            // inverse (symmetric, `Person.friends`) or when nothing else points back.
            var candidates = Target._ponyEntity.attributes.filter { candidate in
                if isSelfRelation && candidate.keyPath == attribute.keyPath { return false }
                switch candidate.kind {
                case .toOne(let pointee, _): return pointee == Owner.self
                case .toMany(let pointee): return pointee == Owner.self
                case .value: return false
                }
            }
            if isSelfRelation && (attribute.inverse == attribute.keyPath || (attribute.inverse == nil && candidates.isEmpty)) {
                candidates = [attribute]
            }
            let chosen: [AttributeDescription]
            if let inverse = attribute.inverse {
                chosen = candidates.filter { $0.keyPath == inverse }
                if chosen.isEmpty {
                    throw PonyError.mapping("\(name): the inverse \(inverse) is not a relationship of \(Target._ponyEntity.name) pointing to \(Owner._ponyEntity.name)")
                }
            } else {
                chosen = candidates
            }
            guard let inverse = chosen.first else {
                throw PonyError.mapping(
                    "\(name) needs an attribute on \(Target._ponyEntity.name) pointing back: a to-one such as "
                        + "`var \(Owner._ponyEntity.name.lowercasedFirst): \(Owner._ponyEntity.name)?`, or a to-many such as "
                        + "`var \(Owner._ponyEntity.name.lowercasedFirst)s: [\(Owner._ponyEntity.name)]` for a many-to-many")
            }
            guard chosen.count == 1 else {
                throw PonyError.mapping(
                    "\(name) is ambiguous: \(Target._ponyEntity.name) has \(chosen.map(\.name).joined(separator: " and ")) "
                        + "pointing to \(Owner._ponyEntity.name); pick one with @Relationship(inverse: \\\(Target._ponyEntity.name).\(chosen[0].name))")
            }
            switch inverse.kind {
            case .toMany:
                return try manyToMany(attribute, of: Owner.self, target: Target.self, inverse: inverse)
            case .toOne(_, let isOptional):
                return try toMany(attribute, of: Owner.self, target: Target.self, inverse: inverse, isOptional: isOptional)
            case .value:
                throw PonyError.mapping("\(name): \(Target._ponyEntity.name).\(inverse.name) is not a relationship")
            }
        }
        return try open(target)
    }

    /// A to-many whose inverse is a to-one of the target, which holds the foreign key; checks the delete rule.
    private func toMany<Owner: Entity, Target: Entity>(
        _ attribute: AttributeDescription, of owner: Owner.Type, target: Target.Type, inverse: AttributeDescription, isOptional: Bool
    ) throws -> RelationshipMapping {
        let name = "\(Owner._ponyEntity.name).\(attribute.name)"
        let rule = attribute.deleteRule ?? (isOptional ? .nullify : .cascade)
        if rule == .nullify && !isOptional {
            throw PonyError.mapping(
                "\(name) has delete rule .nullify, but \(Target._ponyEntity.name).\(inverse.name) is required; "
                    + "use .cascade or .deny, or make \(inverse.name) optional")
        }
        let pointingBack = InverseToOne(
            attribute: inverse.name, column: inverse.column, keyPath: inverse.keyPath, isOptional: isOptional, deleteRule: rule)
        return RelationshipMapping(attribute: attribute.name, target: Target.self, kind: .toMany(pointingBack))
    }

    /// A to-many whose inverse is a to-many too: the two share an intermediate table. A delete rule means nothing
    /// here (deleting either object removes its links), so one is refused.
    private func manyToMany<Owner: Entity, Target: Entity>(
        _ attribute: AttributeDescription, of owner: Owner.Type, target: Target.Type, inverse: AttributeDescription
    ) throws -> RelationshipMapping {
        let name = "\(Owner._ponyEntity.name).\(attribute.name)"
        try requireSingleKey(Target.self, by: name, what: "a many-to-many relationship")
        try requireSingleKey(Owner.self, by: "\(Target._ponyEntity.name).\(inverse.name)", what: "a many-to-many relationship")
        if let rule = attribute.deleteRule {
            throw PonyError.mapping(
                "\(name) is many-to-many, where delete rule .\(rule) does not apply: deleting either object removes only its links")
        }
        let link = Target.self == Owner.self
            ? LinkTable(selfRelationOf: Owner._ponyEntity.name, attribute: attribute.name, inverse: inverse.name)
            : LinkTable(between: Owner._ponyEntity.name, and: Target._ponyEntity.name)
        if !link.isSymmetric && link.ownerColumn == link.targetColumn {
            throw PonyError.mapping("\(name): both sides of the many-to-many would use the column \(quoted(link.ownerColumn))")
        }
        return RelationshipMapping(attribute: attribute.name, target: Target.self, kind: .manyToMany(link))
    }
}
