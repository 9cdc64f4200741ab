import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// `@Entity`: generates the members that map a final class to a table (see `EntityMemberBuilder`), marks each
/// attribute `@_PonyAttribute(column: n)` (its column number; none for the key and to-many relationships) and
/// each initializer `@_PonyEntityInit`, and adds the `Entity` conformance.
public struct EntityMacro: MemberMacro, MemberAttributeMacro, ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax, providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax], in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let entity = EntityDeclaration.read(declaration, attribute: node, in: context) else { return [] }
        return EntityMemberBuilder(entity: entity).members()
    }

    public static func expansion(
        of node: AttributeSyntax, attachedTo declaration: some DeclGroupSyntax,
        providingAttributesFor member: some DeclSyntaxProtocol, in context: some MacroExpansionContext
    ) throws -> [AttributeSyntax] {
        guard EntityDeclaration.read(declaration, attribute: node, in: nil) != nil else { return [] }
        if let variable = member.as(VariableDeclSyntax.self), EntityDeclaration.isPersistent(variable),
           variable.bindingSpecifier.tokenKind == .keyword(.var),
           !variable.modifiers.contains(where: { $0.name.tokenKind == .keyword(.lazy) }),
           variable.bindings.first?.typeAnnotation != nil,
           variable.bindings.first?.pattern.is(IdentifierPatternSyntax.self) == true {
            let name = variable.bindings.first?.pattern.trimmedDescription ?? ""
            let column = declaration.as(ClassDeclSyntax.self).flatMap { EntityDeclaration.valueColumns(of: $0).firstIndex(of: name) }
            return column.map { ["@Pony._PonyAttribute(column: \(raw: $0))"] } ?? ["@Pony._PonyAttribute"]
        }
        if let initializer = member.as(InitializerDeclSyntax.self), initializer.body != nil,
           !initializer.modifiers.contains(where: { $0.name.tokenKind == .keyword(.convenience) }) {
            return ["@Pony._PonyEntityInit"]
        }
        return []
    }

    public static func expansion(
        of node: AttributeSyntax, attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol, conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard EntityDeclaration.read(declaration, attribute: node, in: nil) != nil, !protocols.isEmpty else { return [] }
        return [try ExtensionDeclSyntax("extension \(type.trimmed): Pony.Entity {}")]
    }
}
