@_spi(RawSyntax) import SwiftSyntax

/// Which actor code is isolated to, as far as one file's syntax shows. It decides where PONY003 applies: the
/// main actor may run a synchronous session (Rules/PONY003.md, "The main actor is not the cooperative pool"),
/// while code isolated to an `actor` always runs in a task on the cooperative pool, synchronous or not. Both
/// walks ask it, so the facts walk and the rules walk agree.
///
/// Main actor: a declaration marked `@MainActor`; a member of a type or extension marked `@MainActor` (unless
/// `nonisolated`); the `static func main()` of a `@main` type; a closure marked `{ @MainActor in … }`; the
/// closure of `MainActor.run { … }` or `MainActor.assumeIsolated { … }`; and top-level code of `main.swift`.
/// Actor: an instance member of an `actor` (unless `nonisolated`; synchronous initializers and deinitializers
/// are not isolated). What the syntax cannot show (isolation
/// inferred from a protocol or from an extension in another file, custom global actors,
/// `nonisolated(nonsending)`) counts as no isolation.
enum ActorIsolation: String, Codable, Sendable {
    /// No actor: async code runs on the cooperative pool, synchronous code where it is called.
    case none
    case mainActor
    /// An `actor`'s own isolation: every part of it runs in a task on the cooperative pool.
    case actor

    /// The isolation of a function, initializer, deinitializer, subscript or accessor.
    static func of(_ declaration: some DeclSyntaxProtocol) -> ActorIsolation {
        var owner = Syntax(declaration)
        // An accessor takes its isolation from its property or subscript.
        if declaration.is(AccessorDeclSyntax.self) {
            var node = declaration.parent
            while let current = node, !current.is(VariableDeclSyntax.self), !current.is(SubscriptDeclSyntax.self) {
                node = current.parent
            }
            if let property = node { owner = property }
        }
        return of(owner: owner.raw, in: enclosingType(of: owner)?.raw)
    }

    /// The isolation of `owner` — a function, initializer, deinitializer or subscript, or the property an accessor
    /// belongs to — declared directly in the member block of `type` (a type or extension; nil for local and global
    /// declarations and protocol requirements). Read from the raw tree, so the walk asks it without typed nodes.
    static func of(owner: RawSyntax, in type: RawSyntax?) -> ActorIsolation {
        guard let (attributes, modifiers) = attributesAndModifiers(of: owner) else { return .none }
        if hasModifier(modifiers, "nonisolated") { return .none }
        if hasMainActor(attributes) { return .mainActor }
        guard let type else { return .none }
        let isStatic = hasModifier(modifiers, "static") || hasModifier(modifiers, "class")
        if type.kind == .actorDecl {
            // A synchronous initializer runs on its caller (SE-0327), a deinitializer wherever the last
            // reference goes; static members are not isolated to an instance.
            let isSynchronousInitializer = RawInitializerDeclSyntax(owner).map { $0.signature.effectSpecifiers?.asyncSpecifier == nil } ?? false
            let isIsolated = !isStatic && owner.kind != .deinitializerDecl && !isSynchronousInitializer
            return isIsolated ? .actor : .none
        }
        guard let typeAttributes = attributesAndModifiers(of: type)?.attributes else { return .none }
        if hasMainActor(typeAttributes) { return .mainActor }
        // `@main struct App { static func main() async }`: Swift runs the entry point on the main actor.
        if let function = RawFunctionDeclSyntax(owner), function.name.tokenText == "main", isStatic,
           attributeNames(typeAttributes).contains("main") {
            return .mainActor
        }
        return .none
    }

    /// The attributes and modifiers of the declarations isolation is read from: members and the types and
    /// extensions that hold them. A switch on the node's kind, not a cast to a protocol (which looks the
    /// conformance up at run time, for every function of every file).
    private static func attributesAndModifiers(of node: RawSyntax) -> (attributes: RawAttributeListSyntax, modifiers: RawDeclModifierListSyntax)? {
        switch node.kind {
        case .functionDecl: RawFunctionDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .initializerDecl: RawInitializerDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .deinitializerDecl: RawDeinitializerDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .subscriptDecl: RawSubscriptDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .variableDecl: RawVariableDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .classDecl: RawClassDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .structDecl: RawStructDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .enumDecl: RawEnumDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .actorDecl: RawActorDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        case .extensionDecl: RawExtensionDeclSyntax(node).map { ($0.attributes, $0.modifiers) }
        default: nil
        }
    }

    /// Whether a closure runs on the main actor by its own signature (`{ @MainActor in … }`) or by the call it is
    /// passed to (`MainActor.run { … }`, `MainActor.assumeIsolated { … }`), read from the raw tree.
    static func isMainActor(_ closure: RawClosureExprSyntax, passedTo call: RawFunctionCallExprSyntax?) -> Bool {
        if let attributes = closure.signature?.attributes, hasMainActor(attributes) { return true }
        guard let member = call?.calledExpression.as(RawMemberAccessExprSyntax.self),
              let base = member.base?.as(RawDeclReferenceExprSyntax.self), base.baseName.tokenText == "MainActor"
        else { return false }
        return ["run", "assumeIsolated"].contains { member.declName.baseName.tokenText.elementsEqual($0.utf8) }
    }

    /// Whether top-level statements of the file run on the main actor: only `main.swift` has them.
    static func isTopLevelMainActor(path: String) -> Bool {
        path == "main.swift" || path.hasSuffix("/main.swift")
    }

    /// Whether a raw modifier list holds the keyword: `nonisolated`, `static`, `async` (of `async let`).
    static func hasModifier(_ modifiers: RawDeclModifierListSyntax, _ keyword: String) -> Bool {
        modifiers.layoutView.children.contains { modifier in
            guard let name = modifier.flatMap(RawDeclModifierSyntax.init)?.name else { return false }
            return name.tokenKind == .keyword && name.tokenText.elementsEqual(keyword.utf8)
        }
    }

    private static func hasMainActor(_ attributes: RawAttributeListSyntax) -> Bool {
        attributeNames(attributes).contains("MainActor")
    }

    /// `MainActor` for `@MainActor` and `@_Concurrency.MainActor`: the last name of each attribute's type.
    static func attributeNames(_ attributes: RawAttributeListSyntax) -> [String] {
        attributes.layoutView.children.compactMap { element in
            element.flatMap(RawAttributeSyntax.init).flatMap { SessionAPIRecognizer.lastName(of: $0.attributeName) }
        }
    }

    /// The type or extension whose member block declares `declaration` directly; nil for local and global
    /// declarations and protocol requirements. Nested types do not inherit an outer type's isolation, so only
    /// the nearest one counts.
    private static func enclosingType(of declaration: Syntax) -> Syntax? {
        guard let item = declaration.parent?.as(MemberBlockItemSyntax.self),
              let block = item.parent?.parent?.as(MemberBlockSyntax.self),
              let type = block.parent, !type.is(ProtocolDeclSyntax.self)
        else { return nil }
        return type
    }
}
