@_spi(RawSyntax) import SwiftSyntax

/// A function as calls see it: its base name and parameter labels. Calls resolve by name and labels,
/// the way Swift's own overload resolution starts.
struct FunctionSignature: Hashable, Codable, Sendable {
    struct Parameter: Hashable, Codable, Sendable {
        /// The argument label, or nil for `_`.
        let label: String?
        let hasDefault: Bool
    }

    let name: String
    let parameters: [Parameter]

    init(name: String, parameters: [Parameter]) {
        self.name = name
        self.parameters = parameters
    }

    /// The signature of a function declaration, read from the raw tree.
    init(_ declaration: RawFunctionDeclSyntax) {
        name = String(syntaxText: declaration.name.tokenText)
        parameters = declaration.signature.parameterClause.parameters.layoutView.children.compactMap { element in
            guard let parameter = element.flatMap(RawFunctionParameterSyntax.init) else { return nil }
            let label = parameter.firstName.tokenKind == .wildcard ? nil : String(syntaxText: parameter.firstName.tokenText)
            return Parameter(label: label, hasDefault: parameter.defaultValue != nil || parameter.ellipsis != nil)
        }
    }

    /// `saveVisit(_:)`, `load(id:)`.
    var displayName: String {
        "\(name)(\(parameters.map { "\($0.label ?? "_"):" }.joined()))"
    }

    /// Whether a call with these argument labels (and trailing closures) can call this function.
    func accepts(_ call: CallSignature) -> Bool {
        guard call.name == name else { return false }
        var remaining = parameters[...]
        for label in call.labels {
            while let next = remaining.first, next.label != label, next.hasDefault {
                remaining = remaining.dropFirst()
            }
            guard let next = remaining.first, next.label == label else { return false }
            remaining = remaining.dropFirst()
        }
        // Trailing closures fill the last parameters, whatever their labels; defaulted ones may be skipped.
        let required = remaining.filter { !$0.hasDefault }.count
        return call.trailingClosures >= required && call.trailingClosures <= remaining.count
    }
}

/// A call as written: the called name, its argument labels and its number of trailing closures.
struct CallSignature: Hashable, Sendable {
    let name: String
    let labels: [String?]
    let trailingClosures: Int

    /// The signature of `call`, read from its raw layout, whose callee is named `name`.
    init(name: String, call: RawFunctionCallExprSyntax) {
        self.name = name
        labels = call.arguments.layoutView.children.map { argument in
            argument.flatMap(RawLabeledExprSyntax.init)?.label.map { String(syntaxText: $0.tokenText) }
        }
        trailingClosures = (call.trailingClosure == nil ? 0 : 1) + call.additionalTrailingClosures.layoutView.children.count
    }
}

/// A row of strings — the name, the number of trailing closures, then each label (`_` for none) — since the
/// cache holds every call of every parsed function and keyed records made it several times larger and slower.
extension CallSignature: Codable {
    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        name = try container.decode(String.self)
        trailingClosures = try container.decode(Int.self)
        var labels: [String?] = []
        while !container.isAtEnd {
            let label = try container.decode(String.self)
            labels.append(label == "_" ? nil : label)
        }
        self.labels = labels
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(name)
        try container.encode(trailingClosures)
        for label in labels { try container.encode(label ?? "_") }
    }
}
