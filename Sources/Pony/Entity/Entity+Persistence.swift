import Foundation

extension Entity {
    /// The object with this primary key, or `nil`. Answers from the identity map when the object is
    /// already in the session. Pony: `Person.get(id=1)`.
    ///
    /// ```swift
    /// if let ann = try Person.get(id: 1) { print(ann.name) }
    /// ```
    public static func get(id: ID) throws -> Self? {
        let session = try _ponySession("\(_ponyEntity.name).get(id:)")
        return try session.withObjects { cache, mapping, map in
            try cache.fetch(Self.self, id: id, mapping: mapping, map: map)
        }
    }

    /// The object with this primary key; throws ``PonyError/objectNotFound(entity:id:)`` when there is none.
    /// Pony: `Person[1]`.
    ///
    /// ```swift
    /// let ann = try Person[1]
    /// ```
    public static subscript(id: ID) -> Self {
        get throws {
            guard let object = try get(id: id) else {
                throw PonyError.objectNotFound(entity: _ponyEntity.name, id: "\(id)")
            }
            return object
        }
    }

    /// The single object matching `predicate`, or `nil`; throws if more than one matches.
    /// Pony: `Person.get(name="Ann")`.
    public static func get(_ predicate: Predicate<Self>) throws -> Self? {
        let matches = try select(predicate).limit(2).fetch()
        guard matches.count <= 1 else {
            throw PonyError.sessionMisuse("\(_ponyEntity.name).get(_:) matched more than one object; use select(_:) to fetch several")
        }
        return matches.first
    }

    /// Every object of this entity, as a query to refine, order and run.
    ///
    /// ```swift
    /// let everyone = try Person.select().order(by: \.name).fetch()
    /// ```
    public static func select() -> Query<Self> {
        Query()
    }

    /// The objects matching `predicate`, translated to SQL with bound parameters. Pony's
    /// `select(p for p in Person if p.age >= 18)`.
    ///
    /// ```swift
    /// let adults = try Person.select(#Predicate { $0.age >= 18 && $0.name != "Bob" })
    ///     .order(by: \.name)
    ///     .limit(10)
    ///     .fetch()
    /// ```
    ///
    /// Throws ``PonyError/unsupportedPredicate(node:reason:)`` naming the expression when part of the
    /// predicate has no SQL translation; Pony never filters in memory behind your back.
    public static func select(_ predicate: Predicate<Self>) throws -> Query<Self> {
        try Query().filter(predicate)
    }

    /// The number of rows. Pony: `Person.select().count()`.
    public static func count() throws -> Int {
        try select().count()
    }

    /// Whether any object matches `predicate`. Pony: `exists(p for p in Person if …)`.
    public static func exists(_ predicate: Predicate<Self>) throws -> Bool {
        try select(predicate).exists()
    }

    /// Deletes the object's row now, after applying the delete rules of its to-many relationships.
    ///
    /// Throws ``PonyError/sessionIsOver(operation:)`` (PONY004) after the object's session has ended; the
    /// runtime checks' message names the caller's `file` and `line`.
    public func delete(file: String = #fileID, line: Int = #line) throws {
        try _EntityRuntime.delete(self, at: "\(file):\(line)")
    }

    /// The session cache this entity type's database uses in the current session.
    static func _ponySessionCache(_ operation: @autoclosure () -> String) throws -> SessionCache {
        try _ponySession(operation()).cache
    }

    /// The entity's mapping, the current session's cache for its database and that cache's identity map for it.
    static func _ponySession(_ operation: @autoclosure () -> String) throws -> EntityLookup {
        guard let found = try SessionContext.withCurrent({ try $0.lookUp(Self.self) }) else {
            throw PonyError.sessionRequired(operation: operation())
        }
        return found
    }
}
