/// How a generated `Snapshot` encodes and decodes its fields: exactly as a synthesized `Codable` conformance
/// would — an optional field is left out when nil and may be missing when decoding. Used by generated code.
extension KeyedDecodingContainer {
    @inlinable
    public func _ponyDecode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decode(type, forKey: key)
    }

    @inlinable
    public func _ponyDecode<T: Decodable>(_ type: T?.Type, forKey key: Key) throws -> T? {
        try decodeIfPresent(T.self, forKey: key)
    }
}

extension KeyedEncodingContainer {
    @inlinable
    public mutating func _ponyEncode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encode(value, forKey: key)
    }

    @inlinable
    public mutating func _ponyEncode<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try encodeIfPresent(value, forKey: key)
    }
}
