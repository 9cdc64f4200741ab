import Foundation
import PackagePlugin

/// `swift package pony-lint [options] [--target NAME …]`: runs pony-lint over the package's Swift targets
/// (all of them, or those named with --target). Other options go to pony-lint unchanged.
@main
struct PonyLintCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let targets = names.isEmpty ? context.package.targets : try context.package.targets(named: names)
        let directories = targets.compactMap { ($0 as? SourceModuleTarget)?.directoryURL.path }
        guard !directories.isEmpty else {
            Diagnostics.error("no Swift source targets to lint")
            return
        }
        let process = Process()
        process.executableURL = try context.tool(named: "pony-lint").url
        var arguments = extractor.remainingArguments
        // The plugin may write only to its work folder: the result cache lives there unless told otherwise.
        if !arguments.contains(where: { $0 == "--no-cache" || $0 == "--cache-path" || $0.hasPrefix("--cache-path=") }) {
            arguments += ["--cache-path", context.pluginWorkDirectoryURL.appending(path: "cache").path]
        }
        process.arguments = arguments + directories
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0:
            break
        case 1:
            Diagnostics.error("pony-lint found session misuse")
        default:
            Diagnostics.error("pony-lint failed with exit status \(process.terminationStatus)")
        }
    }
}
