import PonyRules

/// The rule catalog as JSON, for `pony-lint rules --format json`.
public enum RuleListing {
    struct Entry: Codable {
        let id: String
        let name: String
        let severity: String
        let checkedBy: [String]
        let summary: String
        let fix: String
    }

    public static func json() -> String {
        JSONFormatter.encode(RuleCatalog.all.map {
            Entry(id: $0.id.rawValue, name: $0.name, severity: $0.severity.rawValue,
                  checkedBy: $0.checkedBy.map(\.rawValue), summary: $0.summary, fix: $0.fix.rawValue)
        })
    }
}
