extension Database {
    /// Maps entity classes to tables of this database: checks their declarations and relationships,
    /// creates missing tables when `createTables` is true, and compares existing tables with the entities:
    /// a missing column, a column of another type or nullability throws a mapping error that lists every
    /// difference of the table (unmapped columns and missing indexes too), each with the migration step
    /// that fixes it.
    /// Pony: `db.generate_mapping(create_tables=True)`.
    ///
    /// ```swift
    /// try db.generateMapping([Person.self, Pet.self], createTables: true)
    /// ```
    ///
    /// Every entity a relationship points to must be mapped in the same call or an earlier one. An entity
    /// type belongs to one database at a time. Call it outside any session.
    public func generateMapping(_ entities: [any Entity.Type], createTables: Bool = false) throws {
        let binding = try requireBinding()
        if binding.pool.isHeldByCurrentThread {
            throw PonyError.sessionMisuse("generateMapping was called inside a session that uses this database; call it before opening sessions")
        }
        let (existing, nextIndex) = state.withLock { ($0.mappedEntities, $0.mappedEntities.count) }
        var mappings: [ObjectIdentifier: EntityMapping] = [:]
        var order: [(any Entity.Type, EntityMapping)] = []
        for entity in entities where existing[ObjectIdentifier(entity)] == nil && mappings[ObjectIdentifier(entity)] == nil {
            func open<E: Entity>(_ type: E.Type) -> EntityMapping {
                EntityMapping(E.self, database: self, index: nextIndex + order.count, dialect: binding.driver.dialect)
            }
            let mapping = open(entity)
            mappings[ObjectIdentifier(entity)] = mapping
            order.append((entity, mapping))
        }

        var types: [ObjectIdentifier: any Entity.Type] = [:]
        for entity in entities { types[ObjectIdentifier(entity)] = entity }
        for mapping in existing.values { types[ObjectIdentifier(mapping.entityType)] = mapping.entityType }
        let resolver = RelationshipResolver(entities: types)
        for (entity, mapping) in order {
            try Self.checkDeclaration(of: entity)
            mapping.relationships = try resolver.resolve(entity)
        }
        let links = try Self.linkTables(order)

        let connection = try binding.pool.acquire(purpose: "generateMapping")
        defer { binding.pool.release(connection) }
        let schema = SchemaBuilder(connection: connection)
        try connection.execute(connection.dialect.beginSchemaTransaction)
        do {
            for (entity, mapping) in Self.referencedFirst(order) {
                func open<E: Entity>(_ type: E.Type) throws {
                    if createTables { try schema.create(E.self, mapping: mapping) }
                    try schema.validate(E.self, mapping: mapping, creating: createTables)
                }
                try open(entity)
            }
            for declaration in links {
                if createTables { try schema.createLink(declaration) }
                try schema.validateLink(declaration)
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }

        for (entity, mapping) in order {
            func open<E: Entity>(_ type: E.Type) throws { try E._ponyEntity.attach(mapping) }
            do {
                try open(entity)
            } catch {
                for (_, attached) in order { attached.detachFromDescriptor() }
                throw error
            }
        }
        state.withLock { state in
            for (entity, mapping) in order { state.mappedEntities[ObjectIdentifier(entity)] = mapping }
        }
    }

    /// The entities in an order that creates each table after the tables its foreign keys reference
    /// (PostgreSQL checks that a referenced table exists; SQLite does not). Entities that reference each other
    /// in a cycle keep their declared order.
    static func referencedFirst(_ entities: [(any Entity.Type, EntityMapping)]) -> [(any Entity.Type, EntityMapping)] {
        var placed: Set<ObjectIdentifier> = []
        var ordered: [(any Entity.Type, EntityMapping)] = []
        let pending = Set(entities.map { ObjectIdentifier($0.0) })
        func targets(of entity: any Entity.Type) -> [ObjectIdentifier] {
            func open<E: Entity>(_ type: E.Type) -> [ObjectIdentifier] {
                E._ponyEntity.attributes.compactMap { attribute in
                    if case .toOne(let target, _) = attribute.kind { return ObjectIdentifier(target) }
                    return nil
                }
            }
            return open(entity)
        }
        var remaining = entities
        while !remaining.isEmpty {
            let ready = remaining.firstIndex { entity, _ in
                targets(of: entity).allSatisfy { $0 == ObjectIdentifier(entity) || placed.contains($0) || !pending.contains($0) }
            } ?? 0
            let next = remaining.remove(at: ready)
            placed.insert(ObjectIdentifier(next.0))
            ordered.append(next)
        }
        return ordered
    }

    /// One many-to-many relationship's intermediate table, seen from `owner`'s `attribute` (`Post.topics`).
    struct LinkDeclaration {
        let owner: any Entity.Type
        let target: any Entity.Type
        let attribute: String
        let link: LinkTable
    }

    /// The intermediate table of each many-to-many relationship among `entities`, once (both sides name it). Two
    /// many-to-many relationships between the same entities would share one table name: that is refused, naming them.
    static func linkTables(_ entities: [(any Entity.Type, EntityMapping)]) throws -> [LinkDeclaration] {
        var sides: [String: [String]] = [:]
        var links: [LinkDeclaration] = []
        for (entity, mapping) in entities {
            for name in mapping.relationships.keys.sorted() {
                guard let relationship = mapping.relationships[name], let link = relationship.link else { continue }
                let attribute = "\(mapping.name).\(name)"
                if sides[link.table] == nil {
                    links.append(LinkDeclaration(owner: entity, target: relationship.target, attribute: attribute, link: link))
                }
                sides[link.table, default: []].append(attribute)
            }
        }
        for declaration in links {
            let attributes = sides[declaration.link.table] ?? []
            if attributes.count > (declaration.link.isSymmetric ? 1 : 2) {
                throw PonyError.mapping(
                    "\(attributes.joined(separator: ", ")) would all link through the table \(quoted(declaration.link.table)): "
                        + "only one many-to-many relationship between two entities is supported; add an entity for the other "
                        + "link, with a to-one to each side")
            }
        }
        return links
    }

    /// Rejects declarations the mapping cannot store, with the entity and attribute named.
    private static func checkDeclaration(of entity: any Entity.Type) throws {
        func open<E: Entity>(_ type: E.Type) throws {
            let descriptor = E._ponyEntity
            var columns: Set<String> = []
            for attribute in descriptor.attributes where attribute.kind.columnCount > 0 {
                guard columns.insert(attribute.column).inserted else {
                    throw PonyError.mapping("\(descriptor.name) maps two attributes to the column \(quoted(attribute.column))")
                }
            }
        }
        try open(entity)
    }
}
