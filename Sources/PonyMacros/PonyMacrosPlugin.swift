import SwiftCompilerPlugin
import SwiftSyntaxMacros

@main
struct PonyMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [
        EntityMacro.self,
        AttributeMacro.self,
        EntityInitMacro.self,
        MarkerMacro.self,
        DBSessionMacro.self,
    ]
}
