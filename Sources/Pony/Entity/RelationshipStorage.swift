/// Storage of a required to-one relationship (`var owner: Person`). Used by generated code.
///
/// Holds the foreign key read from the row and, once the relationship is first read inside a session,
/// the related object. Reading an unresolved relationship after the session ended is PONY004.
public struct ToOneStorage<Target: Entity>: AttributeStorage {
    var object: Target?
    var foreignKey: Target.ID?

    public static var _ponyKind: AttributeKind { .toOne(target: Target.self, nullable: false) }

    public init(initialValue: Target) {
        object = initialValue
    }

    public init(reading row: inout RowReader) throws(ColumnDecodingError) {
        foreignKey = try Target.ID._ponyDecode(from: row.next())
    }

    public func encode(into row: inout RowWriter) throws {
        if let object {
            row.write(try _EntityRuntime.primaryKey(of: object))
        } else {
            row.write(foreignKey)
        }
    }

    public mutating func get<Owner: Entity>(in owner: Owner, attribute: StaticString, column: Int) -> Target {
        _EntityRuntime.didRead(owner, column: column)
        if let object { return object }
        let resolved = _EntityRuntime.resolve(Target.self, id: foreignKey!, for: owner, attribute: attribute)
        object = resolved
        return resolved
    }

    public mutating func set<Owner: Entity>(_ newValue: Target, in owner: Owner, attribute: StaticString, column: Int) {
        _EntityRuntime.willWriteRelationship(owner, attribute: attribute, column: column, previous: object?.id ?? foreignKey)
        object = newValue
        foreignKey = nil
    }

    public func snapshotValue() throws -> Target.ID {
        if let object { return try _EntityRuntime.primaryKey(of: object) }
        return foreignKey!
    }
}

/// Storage of an optional to-one relationship (`var owner: Person?`). Used by generated code.
public struct OptionalToOneStorage<Target: Entity>: AttributeStorage {
    var object: Target?
    var foreignKey: Target.ID?

    public static var _ponyKind: AttributeKind { .toOne(target: Target.self, nullable: true) }

    public init(initialValue: Target?) {
        object = initialValue
    }

    public init(reading row: inout RowReader) throws(ColumnDecodingError) {
        foreignKey = try Target.ID?._ponyDecode(from: row.next())
    }

    public func encode(into row: inout RowWriter) throws {
        if let object {
            row.write(try _EntityRuntime.primaryKey(of: object))
        } else {
            row.write(foreignKey)
        }
    }

    public mutating func get<Owner: Entity>(in owner: Owner, attribute: StaticString, column: Int) -> Target? {
        _EntityRuntime.didRead(owner, column: column)
        if let object { return object }
        guard let foreignKey else { return nil }
        let resolved = _EntityRuntime.resolve(Target.self, id: foreignKey, for: owner, attribute: attribute)
        object = resolved
        return resolved
    }

    public mutating func set<Owner: Entity>(_ newValue: Target?, in owner: Owner, attribute: StaticString, column: Int) {
        _EntityRuntime.willWriteRelationship(owner, attribute: attribute, column: column, previous: object?.id ?? foreignKey)
        object = newValue
        foreignKey = nil
    }

    public func snapshotValue() throws -> Target.ID? {
        if let object { return try _EntityRuntime.primaryKey(of: object) }
        return foreignKey
    }
}

/// Storage of a to-many relationship (`var pets: [Pet]`): the other side of a to-one, or of another to-many (a
/// many-to-many). Used by generated code.
///
/// Loaded with one query on first read in a session and reloaded when relationships change in the session; an
/// assigned collection is the loaded one until then. An initializer may assign it (`self.tags = tags`, after the
/// other attributes): the assignment takes effect when the new object joins its session, at the initializer's end.
/// The collection is released when the session ends (with the to-one side pointing back it would be a
/// reference cycle), so read it inside the session or copy what you need into a snapshot.
public struct ToManyStorage<Target: Entity>: AttributeStorage {
    var loaded: [Target]?
    var loadedVersion = -1

    public static var _ponyKind: AttributeKind { .toMany(target: Target.self) }

    public init() {}

    /// A to-many relationship starts empty; related objects join it by pointing their to-one side here.
    public init(initialValue: [Target]) {
        precondition(initialValue.isEmpty, "a to-many relationship can only be initialized empty; set the related objects' to-one attribute instead")
    }

    public init(reading row: inout RowReader) {}

    public func encode(into row: inout RowWriter) throws {}

    public mutating func get<Owner: Entity>(in owner: Owner, attribute: StaticString, column: Int = -1) -> [Target] {
        _EntityRuntime.relatedObjects(of: owner, attribute: attribute, cache: &self)
    }

    public mutating func set<Owner: Entity>(_ newValue: [Target], in owner: Owner, attribute: StaticString, column: Int = -1) {
        // In the owner's initializer: the owner joins its session when the initializer ends.
        if owner._ponyState.status == .detached {
            _EntityRuntime.assignInInitializer(newValue, to: owner, attribute: attribute)
            return
        }
        let current = get(in: owner, attribute: attribute)
        let version = _EntityRuntime.replaceRelatedObjects(of: owner, attribute: attribute, current: current, with: newValue)
        loaded = newValue
        loadedVersion = version
    }

    public func snapshotValue() throws -> [Target.ID] {
        try (loaded ?? []).map { try _EntityRuntime.primaryKey(of: $0) }
    }

    /// Forgets the loaded collection; called when the owner's session ends. Reading it afterwards is PONY004.
    public mutating func sessionDidEnd() {
        loaded = nil
        loadedVersion = -1
    }
}
