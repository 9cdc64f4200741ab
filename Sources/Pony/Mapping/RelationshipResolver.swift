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
                    relationships[attribute.name] = RelationshipMapping(attribute: attribute.name, target: target, kind: .toOne)
                case .toMany(let target):
                    try requireMapped(target, by: "\(E._ponyEntity.name).\(attribute.name)")
                    relationships[attribute.name] = try toMany(attribute, of: E.self, target: target)
                }
            }
            return relationships
        }
        return try open(entity)
    }

    private func requireMapped(_ target: any Entity.Type, by attribute: String) throws {
        guard entities[ObjectIdentifier(target)] != nil else {
            throw PonyError.mapping("\(attribute) refers to \(target), which is not mapped to this database; add \(target).self to generateMapping")
        }
    }

    private func toMany<Owner: Entity>(
        _ attribute: AttributeDescription, of owner: Owner.Type, target: any Entity.Type
    ) throws -> RelationshipMapping {
        func open<Target: Entity>(_ target: Target.Type) throws -> RelationshipMapping {
            let name = "\(Owner._ponyEntity.name).\(attribute.name)"
            let candidates = Target._ponyEntity.attributes.filter { candidate in
                switch candidate.kind {
                case .toOne(let pointee, _): return pointee == Owner.self
                case .toMany(let pointee): return pointee == Owner.self
                case .value: return false
                }
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
                    "\(name) needs a to-one attribute on \(Target._ponyEntity.name) pointing back, such as "
                        + "`var \(Owner._ponyEntity.name.lowercasedFirst): \(Owner._ponyEntity.name)?`")
            }
            guard chosen.count == 1 else {
                throw PonyError.mapping(
                    "\(name) is ambiguous: \(Target._ponyEntity.name) has \(chosen.map(\.name).joined(separator: " and ")) "
                        + "pointing to \(Owner._ponyEntity.name); pick one with @Relationship(inverse: \\\(Target._ponyEntity.name).\(chosen[0].name))")
            }
            guard case .toOne(_, let isOptional) = inverse.kind else {
                throw PonyError.mapping(
                    "\(name) and \(Target._ponyEntity.name).\(inverse.name) are both to-many: many-to-many relationships "
                        + "are not supported; add an entity for the link with a to-one to each side")
            }
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
        return try open(target)
    }
}
