import SwiftSyntax

/// The shape of an attribute's declared type, which decides its storage.
enum AttributeType {
    /// `T`: a value, or a required to-one relationship.
    case plain(TypeSyntax)
    /// `T?`, `T!` or `Optional<T>`: a nullable value, or an optional to-one relationship.
    case optional(TypeSyntax)
    /// `[T]` or `Array<T>`: a to-many relationship.
    case array(TypeSyntax)

    init(_ type: TypeSyntax) {
        if let optional = type.as(OptionalTypeSyntax.self) {
            self = .optional(optional.wrappedType.trimmed)
        } else if let unwrapped = type.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) {
            self = .optional(unwrapped.wrappedType.trimmed)
        } else if let array = type.as(ArrayTypeSyntax.self) {
            self = .array(array.element.trimmed)
        } else if let generic = Self.singleGenericArgument(of: type, named: "Optional") {
            self = .optional(generic)
        } else if let generic = Self.singleGenericArgument(of: type, named: "Array") {
            self = .array(generic)
        } else {
            self = .plain(type.trimmed)
        }
    }

    /// The storage type the `@Entity` macro declares for the attribute.
    var storage: TypeSyntax {
        switch self {
        case .plain(let type): "\(type).PonyStorage"
        case .optional(let type): "\(type).PonyOptionalStorage"
        case .array(let type): "\(type).PonyToManyStorage"
        }
    }

    var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    var isToMany: Bool {
        if case .array = self { return true }
        return false
    }

    private static func singleGenericArgument(of type: TypeSyntax, named name: String) -> TypeSyntax? {
        guard let identifier = type.as(IdentifierTypeSyntax.self),
              identifier.name.text == name || identifier.name.text == "Swift.\(name)",
              let arguments = identifier.genericArgumentClause?.arguments, arguments.count == 1,
              case .type(let argument) = arguments.first!.argument
        else { return nil }
        return argument.trimmed
    }
}
