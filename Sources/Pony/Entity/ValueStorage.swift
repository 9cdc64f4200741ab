/// Storage of a value attribute (`var name: String`). Used by generated code.
public struct ValueStorage<T> {
    @usableFromInline var value: T
}

extension ValueStorage: AttributeStorage where T: AttributeValue {
    public static var _ponyKind: AttributeKind { .value(T.databaseType, nullable: T._ponyIsOptional) }

    @inlinable
    public init(initialValue: T) {
        value = initialValue
    }

    @inlinable
    public init(reading row: inout RowReader) throws(ColumnDecodingError) {
        value = try T._ponyDecode(from: row.next())
    }

    @inlinable
    public func encode(into row: inout RowWriter) throws {
        try value._ponyCheckEncodable()
        row.write(value)
    }

    @inlinable
    public mutating func get<Owner: Entity>(in owner: Owner, attribute: StaticString, column: Int) -> T {
        _EntityRuntime.willRead(owner, column: column)
        return value
    }

    @inlinable
    public mutating func set<Owner: Entity>(_ newValue: T, in owner: Owner, attribute: StaticString, column: Int) {
        _EntityRuntime.willWrite(owner, attribute: attribute, column: column, previous: value)
        value = newValue
    }

    public func snapshotValue() throws -> T {
        value
    }
}

// Optional value attributes (`var email: String?`) use ValueStorage<T?>.
extension Optional: PersistentAttribute where Wrapped: AttributeValue {}
extension Optional: AttributeValue where Wrapped: AttributeValue {}
