/// The YAML front matter at the top of a `Rules/PONYnnn.md` file.
///
/// ```yaml
/// ---
/// id: PONY003
/// name: blocking-session-in-async-context
/// severity: warning
/// summary: "A synchronous database session is entered from async code."
/// checked-by: [lint, runtime]
/// message: "synchronous session entered in async code: {form}"
/// runtime: "traps when a synchronous session is entered in a Swift task that is not running on the main actor"
/// runtime-message: "a synchronous session was entered in a Swift task that is not running on the main actor"
/// fix: sometimes
/// fix-title: "Use the async bridge `try await db.session { … }`"
/// ---
/// ```
public struct RuleFrontMatter: Decodable, Equatable, Sendable {
    public static let severities = ["error", "warning"]
    public static let layers = ["lint", "runtime", "compiler"]
    public static let fixAvailabilities = ["none", "sometimes", "always"]

    public var id: String
    public var name: String
    public var severity: String
    public var summary: String
    /// The layers that enforce the rule: `lint`, `runtime`, `compiler`.
    public var checkedBy: [String]
    /// The linter's message, with `{name}` placeholders the linter fills in for each finding.
    public var message: String
    /// What the debug runtime does about the rule, or `none`.
    public var runtime: String
    /// The one-line description of the hazard used in runtime messages.
    public var runtimeMessage: String
    /// Whether `pony-lint --fix` can rewrite the code: `none`, `sometimes`, `always`.
    public var fix: String
    /// What to do about a finding, in one line.
    public var fixTitle: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, severity, summary
        case checkedBy = "checked-by"
        case message
        case runtime
        case runtimeMessage = "runtime-message"
        case fix
        case fixTitle = "fix-title"
    }

    public init(
        id: String, name: String, severity: String, summary: String, checkedBy: [String], message: String,
        runtime: String, runtimeMessage: String, fix: String, fixTitle: String
    ) {
        self.id = id
        self.name = name
        self.severity = severity
        self.summary = summary
        self.checkedBy = checkedBy
        self.message = message
        self.runtime = runtime
        self.runtimeMessage = runtimeMessage
        self.fix = fix
        self.fixTitle = fixTitle
    }
}
