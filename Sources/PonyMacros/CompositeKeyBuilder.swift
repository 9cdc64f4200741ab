import SwiftSyntax

/// Writes the `ID` struct and `id` property `@Entity` adds to a class whose primary key is composite.
///
/// For `@Attribute(.primaryKey) var order: Order` and `@Attribute(.primaryKey) var product: Product` that is
/// `struct ID: Pony.CompositePrimaryKey { var order: Order.ID; var product: Product.ID }` (each part typed as it
/// appears in the snapshot: a to-one part as the related object's `id`), binding and reading one column per
/// part, and `var id: ID` built from the parts.
struct CompositeKeyBuilder {
    let entity: EntityDeclaration

    private var access: String { entity.accessModifier }
    private var parts: [EntityDeclaration.Attribute] { entity.keyParts }

    func members() -> [DeclSyntax] {
        [keyStruct(), idProperty()]
    }

    private func partType(_ part: EntityDeclaration.Attribute) -> String {
        "\(AttributeType.storageAlias(of: part.name)).SnapshotValue"
    }

    private func keyStruct() -> DeclSyntax {
        let properties = parts.map { "\(access)var \($0.name): \(partType($0))" }
        let parameters = parts.map { "\($0.name): \(partType($0))" }
        let assignments = parts.map { "self.\($0.name) = \($0.name)" }
        let binds = parts.enumerated().map { "\($1.name)._ponyBind(to: statement, at: index + \($0))" }
        let decodes = parts.enumerated().map {
            "\($1.name): try \(partType($1))._ponyDecode(from: column.advanced(by: \($0)))"
        }
        let names = parts.map(\.name).joined(separator: ", ")
        return """
            /// The composite primary key of a `\(raw: entity.name)`: (\(raw: names)). Get an object by it with
            /// `\(raw: entity.name)[\(raw: entity.name).ID(…)]`.
            \(raw: access)struct ID: Pony.CompositePrimaryKey {
                \(raw: properties.joined(separator: "\n"))

                \(raw: access)init(\(raw: parameters.joined(separator: ", "))) {
                    \(raw: assignments.joined(separator: "\n"))
                }

                \(raw: access)static var _ponyColumnCount: Int { \(raw: parts.count) }

                \(raw: access)func _ponyBind(to statement: Pony.StatementBinding, at index: Int32) {
                    \(raw: binds.joined(separator: "\n"))
                }

                \(raw: access)static func _ponyDecode(from column: Pony.ResultColumn) throws(Pony.ColumnDecodingError) -> ID {
                    ID(\(raw: decodes.joined(separator: ", ")))
                }

                /// The parts, comma-separated, as in `\(raw: entity.name)[1, 2]`.
                \(raw: access)var description: String {
                    [\(raw: parts.map { "\"\\(\($0.name))\"" }.joined(separator: ", "))].joined(separator: ", ")
                }
            }
            """
    }

    private func idProperty() -> DeclSyntax {
        let values = parts.map { "\($0.name): Pony._EntityRuntime.keyPart { try self._\($0.name).snapshotValue() }" }
        return """
            /// The primary key, made of (\(raw: parts.map(\.name).joined(separator: ", "))). Reading it on a new object
            /// whose key includes a new related object inserts that object first.
            \(raw: access)var id: ID {
                ID(\(raw: values.joined(separator: ", ")))
            }
            """
    }
}
