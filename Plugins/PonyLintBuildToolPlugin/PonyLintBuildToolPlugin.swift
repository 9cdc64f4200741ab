import Foundation
import PackagePlugin

/// Lints a target's Swift files with pony-lint on every build that changed one of them: findings appear in
/// `swift build` output (and Xcode's issue navigator) at their file and line; an error-severity finding fails the
/// build, a warning does not (`--fail-on error`).
///
/// ```swift
/// .executableTarget(
///     name: "App",
///     dependencies: [.product(name: "Pony", package: "Pony")],
///     plugins: [.plugin(name: "PonyLintBuildToolPlugin", package: "Pony")]
/// )
/// ```
///
/// The command's inputs are the target's Swift files and the package's `.pony-lint.yml`; its output is a stamp
/// pony-lint writes only when the run passes (a Swift file holding one comment line, compiled into the target as
/// nothing), so a build that changed none of them does not run it, and a failed run runs again. When it runs, pony-lint's cache (in the plugin's work folder) re-reads only the changed files.
/// Cross-file findings (PONY003, PONY004) are decided from the target's own files.
@main
struct PonyLintBuildToolPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        return Self.commands(
            name: target.name, sources: module.sourceFiles(withSuffix: "swift").map(\.url),
            configurationFolder: context.package.directoryURL, work: context.pluginWorkDirectoryURL,
            ponyLint: try context.tool(named: "pony-lint").url)
    }

    /// The one pony-lint command for a target's Swift files, with `.pony-lint.yml` from `configurationFolder` when
    /// there is one; none for a target without Swift files.
    static func commands(name: String, sources: [URL], configurationFolder: URL, work: URL, ponyLint: URL) -> [Command] {
        guard !sources.isEmpty else { return [] }
        // A Swift file (a comment line): SwiftPM would copy any other output into the target's resource bundle.
        let stamp = work.appending(path: "PonyLint.stamp.swift")
        var arguments = [
            "lint", "--fail-on", "error", "--quiet",
            "--cache-path", work.appending(path: "cache").path,
            "--stamp", stamp.path,
        ]
        var inputs = sources
        let configuration = configurationFolder.appending(path: ".pony-lint.yml")
        if FileManager.default.fileExists(atPath: configuration.path) {
            arguments += ["--config", configuration.path]
            inputs.append(configuration)
        }
        return [
            .buildCommand(
                displayName: "pony-lint \(name) (\(sources.count) file\(sources.count == 1 ? "" : "s"))",
                executable: ponyLint,
                arguments: arguments + sources.map(\.path),
                inputFiles: inputs,
                outputFiles: [stamp]
            ),
        ]
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

/// The same command for a target of an Xcode project (Build Phases › Run Build Tool Plug-ins), with
/// `.pony-lint.yml` from the folder that holds the `.xcodeproj`.
extension PonyLintBuildToolPlugin: XcodeBuildToolPlugin {
    func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command] {
        let sources = target.inputFiles.filter { $0.type == .source && $0.url.pathExtension == "swift" }.map(\.url)
        return Self.commands(
            name: target.displayName, sources: sources, configurationFolder: context.xcodeProject.directoryURL,
            work: context.pluginWorkDirectoryURL, ponyLint: try context.tool(named: "pony-lint").url)
    }
}
#endif
