import PonyRules

/// What `.pony-lint.yml` says: which rules run, how severe they are, which files are linted, and how the
/// session API is spelled.
///
/// ```yaml
/// disabled_rules: [PONY003]          # IDs or names
/// severity:
///   unclosed-manual-session: error
/// included: ["Sources/*"]
/// excluded: ["Sources/Generated/*", "Fixtures"]
/// session_api:
///   session_methods: [session, transaction]
/// defines: [DEBUG]                   # #if conditions set, as with swiftc -D
/// ```
public struct LintConfiguration: Equatable, Sendable {
    public var disabledRules: Set<RuleID>
    public var severityOverrides: [RuleID: Severity]
    /// Paths (relative to the configuration's directory) to lint; empty means everything.
    public var included: [String]
    /// Paths to skip, `.gitignore`-style: `*` matches within a name, `**` across directories, and a pattern
    /// without `/` matches a file or directory name anywhere.
    public var excluded: [String]
    public var sessionAPI: SessionAPI
    /// Custom `#if` conditions that are set, as `swiftc -D` sets them; every other custom condition is then
    /// false. nil (the default): custom conditions are unknown and both branches of `#if DEBUG` are linted.
    public var definedConditions: Set<String>?
    /// The directory patterns are relative to.
    public var baseDirectory: String

    public init(
        disabledRules: Set<RuleID> = [], severityOverrides: [RuleID: Severity] = [:], included: [String] = [],
        excluded: [String] = [], sessionAPI: SessionAPI = .pony, definedConditions: Set<String>? = nil,
        baseDirectory: String = "."
    ) {
        self.definedConditions = definedConditions
        self.disabledRules = disabledRules
        self.severityOverrides = severityOverrides
        self.included = included
        self.excluded = excluded
        self.sessionAPI = sessionAPI
        self.baseDirectory = baseDirectory
    }

    /// The severity a rule's findings get.
    public func severity(of rule: Rule) -> Severity {
        severityOverrides[rule.id] ?? rule.severity
    }

    /// Whether a rule runs.
    public func isEnabled(_ rule: Rule) -> Bool {
        !disabledRules.contains(rule.id)
    }
}
