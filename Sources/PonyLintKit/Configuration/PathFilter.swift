import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides which files a directory walk lints, from the configuration's `included` and `excluded` patterns.
///
/// Patterns are `fnmatch(3)` globs matched against paths relative to the configuration file's directory,
/// where `*` also matches `/` (so `Sources/*` covers everything below `Sources`). As in `.gitignore`, a
/// pattern without `/` matches a file or directory name anywhere, and a pattern matching a directory
/// covers everything inside it.
struct PathFilter: Sendable {
    let base: String
    let included: [String]
    let excluded: [String]

    init(configuration: LintConfiguration) {
        base = URL(fileURLWithPath: configuration.baseDirectory).standardizedFileURL.path
        included = configuration.included.map(Self.normalize)
        excluded = configuration.excluded.map(Self.normalize)
    }

    /// Whether a file found by walking a directory is linted.
    func includes(_ path: String) -> Bool {
        if included.isEmpty && excluded.isEmpty { return true }
        let relative = relativePath(path)
        if !included.isEmpty && !included.contains(where: { Self.matches($0, relative) }) { return false }
        return !isExcluded(path)
    }

    /// Whether a path (file or directory) is excluded.
    func isExcluded(_ path: String) -> Bool {
        if excluded.isEmpty { return false }
        let relative = relativePath(path)
        return excluded.contains { Self.matches($0, relative) }
    }

    private func relativePath(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if absolute.hasPrefix(base + "/") { return String(absolute.dropFirst(base.count + 1)) }
        return absolute
    }

    private static func normalize(_ pattern: String) -> String {
        var pattern = pattern
        while pattern.hasPrefix("./") { pattern.removeFirst(2) }
        while pattern.hasSuffix("/") { pattern.removeLast() }
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        return pattern.replacingOccurrences(of: "**", with: "*")
    }

    private static func matches(_ pattern: String, _ relative: String) -> Bool {
        let components = relative.split(separator: "/").map(String.init)
        if !pattern.contains("/") {
            return components.contains { fnmatch(pattern, $0, 0) == 0 }
        }
        for count in 1...max(components.count, 1) {
            if fnmatch(pattern, components.prefix(count).joined(separator: "/"), 0) == 0 { return true }
        }
        return false
    }
}
