import PonyMacros
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// The macros as the compiler plugin registers them.
let ponyMacros: [String: MacroSpec] = [
    "Entity": MacroSpec(type: EntityMacro.self, conformances: ["Entity"]),
    "_PonyAttribute": MacroSpec(type: AttributeMacro.self),
    "_PonyEntityInit": MacroSpec(type: EntityInitMacro.self),
    "Attribute": MacroSpec(type: MarkerMacro.self),
    "Relationship": MacroSpec(type: MarkerMacro.self),
    "Transient": MacroSpec(type: MarkerMacro.self),
    "DBSession": MacroSpec(type: DBSessionMacro.self),
]

/// swift-syntax's `assertMacroExpansion`, reporting failures to Swift Testing.
func assertExpansion(
    _ original: String, expandedSource: String, diagnostics: [DiagnosticSpec] = [],
    macros: [String: MacroSpec] = ponyMacros, fixedSource: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    assertMacroExpansion(
        original, expandedSource: expandedSource, diagnostics: diagnostics, macroSpecs: macros,
        fixedSource: fixedSource,
        failureHandler: { failure in
            Issue.record(Comment(rawValue: failure.message), sourceLocation: sourceLocation)
        })
}
