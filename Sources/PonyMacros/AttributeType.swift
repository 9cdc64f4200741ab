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

    /// The attribute's storage type, as the typealias `_PonyStorage_name` that `@_PonyAttribute` declares
    /// beside it spells it. Only that typealias names the declared type's storage, so a type Pony cannot store
    /// is one error there.
    var storage: TypeSyntax {
        switch self {
        case .plain(let type): "Pony._AttributeStorage<\(type)>"
        case .optional(let type): "Pony._OptionalAttributeStorage<\(type)>"
        case .array(let type): "Pony._ToManyAttributeStorage<\(type)>"
        }
    }

    /// The declared type, spelled so that it can follow `as` in an expression (`T!` cannot).
    var coercionType: TypeSyntax {
        switch self {
        case .plain(let type): type
        case .optional(let type): "Optional<\(type)>"
        case .array(let type): "Array<\(type)>"
        }
    }

    /// The name of the typealias `@_PonyAttribute` declares for attribute `name`'s storage.
    static func storageAlias(of name: String) -> String {
        "_PonyStorage_\(name)"
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
