/// A rule's stable identifier, such as `PONY003`.
///
/// IDs never change meaning; linter output, runtime traps, suppressions and baselines all refer to them.
///
/// ```swift
/// let id: RuleID = "PONY003"
/// print(RuleCatalog[id: id].name)   // blocking-session-in-async-context
/// ```
public struct RuleID: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible, Codable
{
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public var description: String { rawValue }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
