/// The rules of Pony for Swift, embedded from `Rules/` (by `scripts/generate-rules`, checked by `PonyRulesTests`).
///
/// ```swift
/// for rule in RuleCatalog.all {
///     print(rule.id, rule.name, rule.severity)
/// }
/// let rule = RuleCatalog.rule(named: "task-in-session")   // or "PONY005", case-insensitive
/// ```
public enum RuleCatalog {
    /// Every rule, sorted by ID.
    public static let all: [Rule] = generatedRules.sorted { $0.id < $1.id }

    /// Looks a rule up by ID (`PONY003`, any case) or name (`blocking-session-in-async-context`).
    public static func rule(named idOrName: String) -> Rule? {
        let key = idOrName.lowercased()
        return all.first { $0.id.rawValue.lowercased() == key || $0.name == key }
    }

    /// The rule with this ID. IDs used in code are checked by the catalog tests, so a miss is a programming error.
    public static subscript(id id: RuleID) -> Rule {
        guard let rule = all.first(where: { $0.id == id }) else {
            preconditionFailure("\(id) is not in Rules/; known rules: \(all.map(\.id.rawValue).joined(separator: ", "))")
        }
        return rule
    }
}
