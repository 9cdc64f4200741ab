import Foundation

/// Where pony-lint keeps what it learned about files between runs, so a run re-reads only files whose stamp
/// changed and re-parses only files whose content changed — while findings that depend on other files
/// (does this helper open a session?) are still decided from every file's facts.
///
/// ```swift
/// let linter = Linter(configuration: configuration, cache: LintCache(directory: LintCache.defaultDirectory))
/// let report = linter.lint(paths: ["Sources"]) // a second run with nothing changed reads no file
/// ```
///
/// One cache file per tool build, configuration and set of targets, written atomically (a temporary file
/// renamed over the old one), so concurrent runs sharing a folder never leave a torn file: the last one wins.
/// A cache file that cannot be read or decoded is ignored and rewritten.
public struct LintCache: Sendable {
    /// The folder the cache files live in; created when first written.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `$PONY_LINT_CACHE_DIR` if set; else `$XDG_CACHE_HOME/pony-lint`; else `~/.cache/pony-lint`
    /// (`~/Library/Caches/pony-lint` on macOS).
    public static var defaultDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let directory = environment["PONY_LINT_CACHE_DIR"], !directory.isEmpty { return directory }
        if let base = environment["XDG_CACHE_HOME"], !base.isEmpty { return base + "/pony-lint" }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        #if canImport(Darwin)
        return home + "/Library/Caches/pony-lint"
        #else
        return home + "/.cache/pony-lint"
        #endif
    }

    /// The cache file for runs with this identity.
    func path(for identity: String) -> String {
        file(for: identity, suffix: ".plist")
    }

    /// The archive of parsed files' checks for runs with this identity.
    func checkArchive(for identity: String) -> CheckArchive {
        CheckArchive(path: checksPath(for: identity))
    }

    private func checksPath(for identity: String) -> String {
        file(for: identity, suffix: ".checks.plist")
    }

    /// The folder, the identity's hash and a suffix: a file of the pair for runs with this identity.
    private func file(for identity: String, suffix: String) -> String {
        directory + "/" + String(ContentHash.of(identity), radix: 16) + suffix
    }

    /// The records for `identity`, or nil when there are none (no file, another format — decoding refuses it —,
    /// undecodable).
    func load(identity: String) -> CacheContents? {
        guard let data = FileManager.default.contents(atPath: path(for: identity)),
              let contents = try? PropertyListDecoder().decode(CacheContents.self, from: data),
              contents.identity == identity
        else { return nil }
        return contents
    }

    /// Writes the checks, then the records, each atomically (the records never name a check the archive lacks,
    /// and a reader pairing them with another run's archive only misses).
    func save(_ contents: CacheContents, checks: [String: Data]) throws(LintError) {
        try write(checks, to: checksPath(for: contents.identity))
        try write(contents, to: path(for: contents.identity))
        removeUnused()
    }

    /// How long a cache file nobody wrote stays: another configuration, target set or build of pony-lint.
    static let unusedLifetime: TimeInterval = 30 * 24 * 3_600

    /// Removes the cache files no run has written for ``unusedLifetime`` (every rebuilt pony-lint starts a new
    /// pair, so the folder would otherwise only grow).
    private func removeUnused() {
        let cutoff = Date(timeIntervalSinceNow: -Self.unusedLifetime)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".plist") {
            let file = directory + "/" + name
            if let modified = (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date, modified < cutoff {
                try? FileManager.default.removeItem(atPath: file)
            }
        }
    }

    private func write(_ value: some Encodable, to target: String) throws(LintError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let encoder = PropertyListEncoder()
            encoder.outputFormat = .binary
            try encoder.encode(value).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw LintError.input(path: directory, message: "cannot write the lint cache in \(directory): \(error.localizedDescription)")
        }
    }

    /// What the records depend on besides each file's content: the build of pony-lint (its version and the
    /// executable's size and time, so a rebuilt tool starts afresh), the configuration, the linter's options
    /// and the targets.
    static func identity(configuration: LintConfiguration, options: String, targets: [String]) -> String {
        let executable = Bundle.main.executablePath.flatMap(FileStamp.init(path:))
        let tool = "pony-lint \(PonyLintVersion.current) \(executable.map { "\($0.size) \($0.modified)" } ?? "unknown build")"
        let directory = FileManager.default.currentDirectoryPath
        let absolute = targets.map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 }.sorted()
        return ([tool, configuration.fingerprint, options] + absolute).joined(separator: "\n")
    }
}

extension LintConfiguration {
    /// Every setting, in a fixed order (sets sorted), one per line: equal configurations give equal text.
    var fingerprint: String {
        let api = sessionAPI
        return [
            "disabled \(disabledRules.map(\.rawValue).sorted())",
            "severity \(severityOverrides.map { "\($0.key.rawValue)=\($0.value.rawValue)" }.sorted())",
            "included \(included)", "excluded \(excluded)", "base \(baseDirectory)",
            "defines \(definedConditions.map { $0.sorted().description } ?? "unset")",
            "api \(api.sessionMethods) \(api.sessionAttributes) \(api.openSessionMethods) \(api.closeMethods) \(api.entityAttributes)",
        ].joined(separator: "\n")
    }
}
