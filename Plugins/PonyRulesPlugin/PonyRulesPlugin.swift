import Foundation
import PackagePlugin

/// Embeds the rule catalog (`Rules/*.md` at the package root) into the target as Swift source.
///
/// `Rules/` stays the only place a human edits: every build re-runs the generator when a rule file changes.
@main
struct PonyRulesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appending(path: "Rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: rules.path)
            .filter { $0.hasSuffix(".md") }
            .sorted()
            .map { rules.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "RuleCatalog+Generated.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) rules from Rules/",
                executable: try context.tool(named: "PonyRulesGenerator").url,
                arguments: [rules.path, output.path],
                inputFiles: files + [rules],
                outputFiles: [output]
            ),
        ]
    }
}
