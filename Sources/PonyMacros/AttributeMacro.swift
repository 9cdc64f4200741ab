import SwiftSyntax
import SwiftSyntaxMacros

/// `@_PonyAttribute`, added by `@Entity` to each attribute: turns `var name: String` into accessors over a
/// private `_name` storage property, so every read and write goes through the session.
public struct AttributeMacro: AccessorMacro, PeerMacro {
    public static func expansion(
        of node: AttributeSyntax, providingAccessorsOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [AccessorDeclSyntax] {
        guard let (name, type, _) = attribute(declaration) else { return [] }
        let storage = "_\(name)"
        if type.isToMany {
            return [
                "get { \(raw: storage).get(in: self, attribute: \(literal: name)) }",
                "set { \(raw: storage).set(newValue, in: self, attribute: \(literal: name)) }",
            ]
        }
        let column = column(of: node)
        let getter: AccessorDeclSyntax = "get { \(raw: storage).get(in: self, attribute: \(literal: name), column: \(literal: column)) }"
        let setter: AccessorDeclSyntax =
            "set { \(raw: storage).set(newValue, in: self, attribute: \(literal: name), column: \(literal: column)) }"
        return [
            """
            @storageRestrictions(initializes: \(raw: storage))
            init(initialValue) { \(raw: storage) = \(raw: AttributeType.storageAlias(of: name))(initialValue: initialValue) }
            """,
            getter,
            setter,
        ]
    }

    public static func expansion(
        of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let (name, type, initializer) = attribute(declaration) else { return [] }
        let alias = AttributeType.storageAlias(of: name)
        let defaultValue: String
        if type.isToMany {
            defaultValue = " = .init()"
        } else if let initializer {
            // Coerced to the declared type, so `.fiction` still type-checks when the storage does not.
            defaultValue = " = .init(initialValue: (\(initializer.trimmedDescription)) as \(type.coercionType))"
        } else if type.isOptional {
            defaultValue = " = .init(initialValue: nil as \(type.coercionType))"
        } else {
            defaultValue = ""
        }
        // The one place that names the declared type's storage: a type Pony cannot store is one error here,
        // "type 'Genre' does not conform to protocol 'PersistentAttribute'", at the attribute. It has the
        // entity's access level because the entity's Snapshot uses it.
        // Unchecked exclusivity: the generated accessors never overlap their own accesses, and the dynamic
        // check (a runtime call per read and write) was a tenth of the instructions of fetching objects.
        return [
            "\(raw: entityAccess(in: context))typealias \(raw: alias) = \(type.storage)",
            "@exclusivity(unchecked) private var _\(raw: name): \(raw: alias)\(raw: defaultValue)",
        ]
    }

    /// The `column:` argument `@Entity` gives the attribute (see `EntityDeclaration.valueColumns`); -1 for the
    /// primary key, which optimistic checks never compare.
    private static func column(of node: AttributeSyntax) -> Int {
        guard case .argumentList(let arguments) = node.arguments,
              let column = arguments.first(where: { $0.label?.text == "column" })?.expression.as(IntegerLiteralExprSyntax.self)
        else { return -1 }
        return Int(column.literal.text) ?? -1
    }

    /// `public ` when the enclosing entity class is public (or open or package: its generated members are
    /// public or package), else nothing.
    private static func entityAccess(in context: some MacroExpansionContext) -> String {
        guard let entity = context.lexicalContext.lazy.compactMap({ $0.as(ClassDeclSyntax.self) }).first else { return "" }
        return EntityDeclaration.accessModifier(of: entity)
    }

    private static func attribute(_ declaration: some DeclSyntaxProtocol) -> (String, AttributeType, ExprSyntax?)? {
        guard let variable = declaration.as(VariableDeclSyntax.self), let binding = variable.bindings.first,
              let identifier = binding.pattern.as(IdentifierPatternSyntax.self),
              let type = binding.typeAnnotation?.type
        else { return nil }
        return (identifier.identifier.text, AttributeType(type), binding.initializer?.value)
    }
}
