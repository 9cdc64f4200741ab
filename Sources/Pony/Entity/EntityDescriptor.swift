import PonyLocks

/// What the `@Entity` macro knows about an entity class, plus the mapping `generateMapping` attaches to it.
///
/// Generated as `static let _ponyEntity` on each entity; you do not create these yourself.
public final class EntityDescriptor<E: Entity>: Sendable {
    /// The entity's type name, used in messages: `Person[3]`.
    public let name: String
    public let table: String
    /// Persistent attributes: the primary key `id` first (generated or declared), then the others in
    /// declaration order.
    public let attributes: [AttributeDescription]
    /// True when the macro generated the `id: Int64` key; false when the class declares `var id`.
    public let hasGeneratedID: Bool

    /// Whether any attribute is a to-many relationship (whose collection is released at session end).
    let hasToManyRelationships: Bool

    /// The mapping; attaching or detaching it advances ``MappingEpoch``, so a session may keep the mapping it read
    /// and tell with one atomic load, instead of taking this lock on every object access, whether it is current.
    private let mappingSlot = LockedValue<EntityMapping?>(nil)

    public init(name: String, table: String? = nil, attributes: [AttributeDescription], hasGeneratedID: Bool) {
        self.name = name
        self.table = table ?? name
        self.attributes = attributes
        self.hasGeneratedID = hasGeneratedID
        keyAttributes = attributes.filter(\.isPrimaryKey)
        hasCompositeKey = keyAttributes.count > 1
        hasToManyRelationships = attributes.contains {
            if case .toMany = $0.kind { return true }
            return false
        }
    }

    /// The primary key's attributes: `id`, or the parts of a composite key in declaration order.
    let keyAttributes: [AttributeDescription]
    /// Whether the primary key has several parts (`@Attribute(.primaryKey)`).
    let hasCompositeKey: Bool

    /// The attributes stored in columns (everything but to-many relationships), primary key excluded.
    var columnAttributes: [AttributeDescription] {
        attributes.filter { $0.kind.columnCount > 0 && !$0.isPrimaryKey }
    }

    var mapping: EntityMapping? {
        mappingSlot.withLock { $0 }
    }

    /// The mapping, or a clear error naming the call to make.
    func requireMapping() throws(PonyError) -> EntityMapping {
        guard let mapping else {
            throw PonyError.mapping("\(name) is not mapped to a database; call db.generateMapping([\(name).self, …]) first")
        }
        return mapping
    }

    /// Attaches the mapping unless the entity is mapped to another live database.
    func attach(_ mapping: EntityMapping) throws(PonyError) {
        try mappingSlot.withLock { (slot: inout EntityMapping?) throws(PonyError) in
            if let existing = slot, let other = existing.database, other !== mapping.database {
                throw PonyError.mapping(
                    "\(name) is already mapped to another Database (\(other.displayPath)); an entity type belongs to one "
                        + "database at a time — call disconnect() on the other one first")
            }
            slot = mapping
            MappingEpoch.advance()
        }
    }

    /// Detaches the mapping if it belongs to `database` (or to a database that no longer exists).
    func detach(from database: Database?) {
        mappingSlot.withLock { slot in
            if let existing = slot, existing.database == nil || existing.database === database {
                slot = nil
                MappingEpoch.advance()
            }
        }
    }
}
