/// The spellings of the session API the linter recognizes. Projects that wrap Pony's API under other
/// names list them in `.pony-lint.yml` under `session_api`.
public struct SessionAPI: Equatable, Sendable, Codable {
    /// Members whose call with a closure opens a session: `db.session { … }`.
    public var sessionMethods: [String]
    /// Attributes that make a function body a session: `@DBSession`.
    public var sessionAttributes: [String]
    /// Members that open a manual session: `db.openSession()`.
    public var openSessionMethods: [String]
    /// Members that end a manual session: `commit()`, `rollback()`, `close()`.
    public var closeMethods: [String]
    /// Attributes that declare an entity class: `@Entity`.
    public var entityAttributes: [String]

    public static let pony = SessionAPI(
        sessionMethods: ["session"], sessionAttributes: ["DBSession"], openSessionMethods: ["openSession"],
        closeMethods: ["commit", "rollback", "close"], entityAttributes: ["Entity"])

    public init(
        sessionMethods: [String], sessionAttributes: [String], openSessionMethods: [String],
        closeMethods: [String], entityAttributes: [String]
    ) {
        self.sessionMethods = sessionMethods
        self.sessionAttributes = sessionAttributes
        self.openSessionMethods = openSessionMethods
        self.closeMethods = closeMethods
        self.entityAttributes = entityAttributes
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sessionMethods = "session_methods"
        case sessionAttributes = "session_attributes"
        case openSessionMethods = "open_session_methods"
        case closeMethods = "close_methods"
        case entityAttributes = "entity_attributes"
    }

    /// Missing keys keep Pony's spelling.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let pony = SessionAPI.pony
        sessionMethods = try container.decodeIfPresent([String].self, forKey: .sessionMethods) ?? pony.sessionMethods
        sessionAttributes = try container.decodeIfPresent([String].self, forKey: .sessionAttributes) ?? pony.sessionAttributes
        openSessionMethods = try container.decodeIfPresent([String].self, forKey: .openSessionMethods) ?? pony.openSessionMethods
        closeMethods = try container.decodeIfPresent([String].self, forKey: .closeMethods) ?? pony.closeMethods
        entityAttributes = try container.decodeIfPresent([String].self, forKey: .entityAttributes) ?? pony.entityAttributes
    }

    /// Every word whose absence from a file proves the file cannot contain a finding on its own.
    var prefilterWords: [String] {
        sessionMethods + sessionAttributes + openSessionMethods + entityAttributes
    }
}
