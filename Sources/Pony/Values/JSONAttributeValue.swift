import Foundation

/// A `Codable` struct stored in one text column as JSON: PonyORM's `Json` attribute type.
///
/// ```swift
/// struct Preferences: JSONAttributeValue {   // Codable and Equatable are synthesized
///     var theme = "light"
///     var pageSize = 50
/// }
///
/// @Entity final class Account {
///     var email: String
///     var settings: Preferences = Preferences()
///     init(email: String) { self.email = email }
/// }
/// ```
///
/// The JSON has sorted keys, so equal values are equal text and a predicate can compare the attribute as a
/// whole (`#Predicate { $0.settings == wanted }`); a query cannot look inside it. Dates and UUIDs *inside* the
/// value use `JSONEncoder`'s defaults; as attributes of their own they keep their usual columns. A stored text
/// that does not decode is a ``PonyError/decoding(_:)`` naming the entity and column; a value whose encoding
/// throws is a ``PonyError/encoding(_:)`` before anything is written. Non-finite `Double`s are written as the
/// strings "NaN", "+Infinity" and "-Infinity" and read back.
public protocol JSONAttributeValue: AttributeValue {}

extension JSONAttributeValue {
    public static var databaseType: DatabaseType { .text }

    /// The JSON text; empty if the value cannot be encoded (an INSERT or UPDATE checks that first).
    public var databaseValue: DatabaseValue {
        .text((try? JSONAttributeCoding.text(of: self)) ?? "")
    }

    public init?(databaseValue: DatabaseValue) {
        guard case .text(let text) = databaseValue,
              let value = try? JSONAttributeCoding.decoder().decode(Self.self, from: Data(text.utf8))
        else { return nil }
        self = value
    }

    public func _ponyCheckEncodable() throws {
        do {
            _ = try JSONAttributeCoding.text(of: self)
        } catch {
            throw PonyError.encoding("a \(Self.self) cannot be stored as JSON: \(error)")
        }
    }
}

/// The JSON settings of ``JSONAttributeValue``: sorted keys, and non-finite numbers as strings.
enum JSONAttributeCoding {
    static let nonFiniteNames = (positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    static func text<Value: Encodable>(of value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFiniteNames.positiveInfinity, negativeInfinity: nonFiniteNames.negativeInfinity,
            nan: nonFiniteNames.nan)
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFiniteNames.positiveInfinity, negativeInfinity: nonFiniteNames.negativeInfinity,
            nan: nonFiniteNames.nan)
        return decoder
    }
}
