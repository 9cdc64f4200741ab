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
        let getter: AccessorDeclSyntax = "get { \(raw: storage).get(in: self, attribute: \(literal: name)) }"
        let setter: AccessorDeclSyntax = "set { \(raw: storage).set(newValue, in: self, attribute: \(literal: name)) }"
        if type.isToMany {
            return [getter, setter]
        }
        return [
            """
            @storageRestrictions(initializes: \(raw: storage))
            init(initialValue) { \(raw: storage) = .init(initialValue: initialValue) }
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
        let defaultValue: String
        if type.isToMany {
            defaultValue = " = .init()"
        } else if let initializer {
            defaultValue = " = .init(initialValue: \(initializer.trimmedDescription))"
        } else if type.isOptional {
            defaultValue = " = .init(initialValue: nil)"
        } else {
            defaultValue = ""
        }
        // Unchecked exclusivity: the generated accessors never overlap their own accesses, and the dynamic
        // check (a runtime call per read and write) was a tenth of the instructions of fetching objects.
        return ["@exclusivity(unchecked) private var _\(raw: name): \(type.storage)\(raw: defaultValue)"]
    }

    private static func attribute(_ declaration: some DeclSyntaxProtocol) -> (String, AttributeType, ExprSyntax?)? {
        guard let variable = declaration.as(VariableDeclSyntax.self), let binding = variable.bindings.first,
              let identifier = binding.pattern.as(IdentifierPatternSyntax.self),
              let type = binding.typeAnnotation?.type
        else { return nil }
        return (identifier.identifier.text, AttributeType(type), binding.initializer?.value)
    }
}
