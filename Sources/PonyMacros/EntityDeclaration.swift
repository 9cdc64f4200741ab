import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// An `@Entity` class as the macros see it: its name, access level and persistent attributes.
struct EntityDeclaration {
    struct Attribute {
        let name: String
        let type: AttributeType
        let declaredType: TypeSyntax
        /// The argument list of `@Attribute(…)`, copied into the attribute description.
        let options: LabeledExprListSyntax?
        /// The argument list of `@Relationship(…)`.
        let relationship: LabeledExprListSyntax?

        /// Whether `@Attribute(…)` marks the attribute as a part of a composite primary key (`.primaryKey`).
        var isKeyPart: Bool {
            options?.contains { EntityDeclaration.isPrimaryKeyOption($0.expression) } ?? false
        }
    }

    let name: String
    let accessModifier: String
    /// The `table:` argument of `@Entity(table:)`, as written.
    let table: ExprSyntax?
    /// Persistent attributes in declaration order.
    let attributes: [Attribute]

    /// The declared `id`, if the class declares its primary key.
    var declaredID: Attribute? { attributes.first { $0.name == "id" } }

    /// The parts of a composite primary key (`@Attribute(.primaryKey)`), in declaration order; empty if none.
    var keyParts: [Attribute] { attributes.filter(\.isKeyPart) }

    /// Whether the attribute is (part of) the primary key: the declared `id` or a composite key part.
    func isKey(_ attribute: Attribute) -> Bool {
        attribute.name == "id" || attribute.isKeyPart
    }

    /// Reads the class; reports each problem as a diagnostic and returns nil if the class cannot be mapped.
    /// With `context` nil it only answers whether the class is valid (the other macro roles ask this, so an
    /// invalid class gets the member role's diagnostics and nothing else).
    static func read(
        _ declaration: some DeclGroupSyntax, attribute node: AttributeSyntax, in context: (any MacroExpansionContext)?
    ) -> EntityDeclaration? {
        let context = DiagnosticSink(context: context)
        guard let classDecl = declaration.as(ClassDeclSyntax.self) else {
            context.diagnose(Diagnostic(node: node, message: PonyMacroDiagnostic(
                "entity-not-class", "@Entity can only be applied to a class: entities are reference types with identity")))
            return nil
        }
        var valid = true
        if !classDecl.modifiers.contains(where: { $0.name.tokenKind == .keyword(.final) }) {
            context.diagnose(Diagnostic(
                node: classDecl.classKeyword,
                message: PonyMacroDiagnostic("entity-not-final", "@Entity classes must be 'final': an entity maps to exactly one table"),
                fixIts: [FixIt.replace(
                    message: PonyFixIt(message: "add 'final'"),
                    oldNode: classDecl.modifiers,
                    newNode: classDecl.modifiers + [DeclModifierSyntax(name: .keyword(.final), trailingTrivia: .space)])]))
            valid = false
        }
        var attributes: [Attribute] = []
        for member in classDecl.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            switch readAttribute(variable, in: context) {
            case .attribute(let attribute): attributes.append(attribute)
            case .skip: continue
            case .invalid: valid = false
            }
        }
        if let id = attributes.first(where: { $0.name == "id" }), !isPlain(id.type) {
            context.diagnose(Diagnostic(node: id.declaredType, message: PonyMacroDiagnostic(
                "entity-id-type", "the primary key 'id' must be a non-optional value such as Int64, String or UUID")))
            valid = false
        }
        if !checkKeyParts(of: attributes, in: context) { valid = false }
        guard valid else { return nil }
        let access = accessModifier(of: classDecl)
        let table = node.arguments?.as(LabeledExprListSyntax.self)?.first { $0.label?.text == "table" }?.expression
        return EntityDeclaration(name: classDecl.name.text, accessModifier: access, table: table, attributes: attributes)
    }

    /// Reports a composite primary key the ORM cannot map: one part (a single key is `var id`), a part beside a
    /// declared `id`, an optional part or a to-many part.
    private static func checkKeyParts(of attributes: [Attribute], in context: DiagnosticSink) -> Bool {
        let parts = attributes.filter(\.isKeyPart)
        guard !parts.isEmpty else { return true }
        var valid = true
        func report(_ node: some SyntaxProtocol, _ id: String, _ message: String) {
            context.diagnose(Diagnostic(node: node, message: PonyMacroDiagnostic(id, message)))
            valid = false
        }
        if let id = attributes.first(where: { $0.name == "id" }) {
            report(id.declaredType, "entity-key-and-id",
                "an entity with a composite primary key (.primaryKey) cannot also declare 'id': its id is generated from the key parts")
        } else if parts.count == 1 {
            report(parts[0].declaredType, "entity-key-one-part",
                "'.primaryKey' marks the parts of a composite primary key, which needs two or more; declare a single primary key as 'var id: \(parts[0].declaredType.trimmedDescription)'")
        }
        for part in parts where part.type.isOptional || part.type.isToMany {
            report(part.declaredType, "entity-key-part-type",
                "primary key part '\(part.name)' must be a non-optional value or a required to-one relationship, not '\(part.declaredType.trimmedDescription)'")
        }
        return valid
    }

    /// Whether an `@Attribute` argument is `.primaryKey` (or `AttributeOption.primaryKey`).
    static func isPrimaryKeyOption(_ expression: ExprSyntax) -> Bool {
        guard let member = expression.as(MemberAccessExprSyntax.self), member.declName.baseName.text == "primaryKey" else {
            return false
        }
        return member.base == nil || ["AttributeOption", "Pony.AttributeOption"].contains(member.base!.trimmedDescription)
    }

    /// The access modifier, with its trailing space, of the members generated for an entity class:
    /// `public ` for a public or open class, `package ` for a package class, else nothing.
    static func accessModifier(of classDecl: ClassDeclSyntax) -> String {
        classDecl.modifiers.first { modifier in
            [.keyword(.public), .keyword(.package), .keyword(.open)].contains(modifier.name.tokenKind)
        }.map { $0.name.text == "open" ? "public " : "\($0.name.text) " } ?? ""
    }

    private enum ReadResult {
        case attribute(Attribute)
        case skip
        case invalid
    }

    /// The column attributes after the primary key, in declaration order: an attribute's position here is its
    /// column number (Pony's `ColumnMask`), the order `_ponyEncode` writes them in.
    static func valueColumns(of classDecl: ClassDeclSyntax) -> [String] {
        classDecl.memberBlock.members.compactMap { member in
            guard let variable = member.decl.as(VariableDeclSyntax.self),
                  case .attribute(let attribute) = readAttribute(variable, in: DiagnosticSink(context: nil)),
                  attribute.name != "id", !attribute.isKeyPart, !attribute.type.isToMany
            else { return nil }
            return attribute.name
        }
    }

    private static func isPlain(_ type: AttributeType) -> Bool {
        if case .plain = type { return true }
        return false
    }

    /// Whether a member variable is persisted: stored, not static, not @Transient.
    static func isPersistent(_ variable: VariableDeclSyntax) -> Bool {
        guard !variable.modifiers.contains(where: { [.keyword(.static), .keyword(.class)].contains($0.name.tokenKind) }),
              !hasAttribute(variable, named: "Transient"),
              variable.bindings.count == 1, let binding = variable.bindings.first
        else { return false }
        if let accessors = binding.accessorBlock?.accessors {
            if case .getter = accessors { return false }
            if case .accessors(let list) = accessors,
               list.contains(where: { [.keyword(.get), .keyword(.set), .keyword(Keyword.`init`)].contains($0.accessorSpecifier.tokenKind) }) {
                return false
            }
        }
        return true
    }

    private static func readAttribute(_ variable: VariableDeclSyntax, in context: DiagnosticSink) -> ReadResult {
        if variable.modifiers.contains(where: { [.keyword(.static), .keyword(.class)].contains($0.name.tokenKind) }) {
            return .skip
        }
        let isTransient = hasAttribute(variable, named: "Transient")
        guard let binding = variable.bindings.first else { return .skip }
        if let accessors = binding.accessorBlock?.accessors {
            switch accessors {
            case .getter:
                return .skip
            case .accessors(let list):
                if list.contains(where: { [.keyword(.get), .keyword(.set), .keyword(Keyword.`init`)].contains($0.accessorSpecifier.tokenKind) }) {
                    return .skip
                }
                if !isTransient {
                    return fail(context, binding, "entity-attribute-observers",
                        "'\(binding.pattern.trimmedDescription)' has willSet/didSet observers, which an entity attribute cannot have; mark it @Transient or remove them")
                }
            }
        }
        if isTransient {
            if binding.initializer == nil && !variable.modifiers.contains(where: { $0.name.tokenKind == .keyword(.lazy) }) {
                return fail(context, binding, "entity-transient-default",
                    "@Transient property '\(binding.pattern.trimmedDescription)' needs a default value: objects loaded from the database do not run your initializers")
            }
            return .skip
        }
        guard variable.bindings.count == 1 else {
            return fail(context, variable, "entity-one-binding", "declare one attribute per 'var' in an @Entity class")
        }
        let name = binding.pattern.trimmedDescription
        if variable.bindingSpecifier.tokenKind == .keyword(.let) {
            return fail(context, variable.bindingSpecifier, "entity-let",
                "'let' properties cannot be loaded from the database; declare '\(name)' with 'var', or mark it @Transient")
        }
        if variable.modifiers.contains(where: { $0.name.tokenKind == .keyword(.lazy) }) {
            return fail(context, variable, "entity-lazy", "lazy property '\(name)' cannot be an attribute; mark it @Transient")
        }
        guard binding.pattern.is(IdentifierPatternSyntax.self) else {
            return fail(context, binding.pattern, "entity-pattern", "an attribute must be a single name, not '\(name)'")
        }
        guard let type = binding.typeAnnotation?.type else {
            return fail(context, binding, "entity-attribute-type",
                "attribute '\(name)' needs an explicit type, such as 'var \(name): Int = …'")
        }
        return .attribute(Attribute(
            name: name, type: AttributeType(type), declaredType: type,
            options: arguments(of: variable, named: "Attribute"),
            relationship: arguments(of: variable, named: "Relationship")))
    }

    private static func fail(
        _ context: DiagnosticSink, _ node: some SyntaxProtocol, _ id: String, _ message: String
    ) -> ReadResult {
        context.diagnose(Diagnostic(node: node, message: PonyMacroDiagnostic(id, message)))
        return .invalid
    }

    static func hasAttribute(_ variable: VariableDeclSyntax, named name: String) -> Bool {
        variable.attributes.contains { element in
            guard case .attribute(let attribute) = element else { return false }
            return attribute.attributeName.trimmedDescription == name
                || attribute.attributeName.trimmedDescription == "Pony.\(name)"
        }
    }

    private static func arguments(of variable: VariableDeclSyntax, named name: String) -> LabeledExprListSyntax? {
        for element in variable.attributes {
            guard case .attribute(let attribute) = element,
                  attribute.attributeName.trimmedDescription == name || attribute.attributeName.trimmedDescription == "Pony.\(name)"
            else { continue }
            return attribute.arguments?.as(LabeledExprListSyntax.self) ?? []
        }
        return nil
    }
}

/// Forwards diagnostics to a macro expansion context, or drops them when there is none.
struct DiagnosticSink {
    let context: (any MacroExpansionContext)?

    func diagnose(_ diagnostic: Diagnostic) {
        context?.diagnose(diagnostic)
    }
}
