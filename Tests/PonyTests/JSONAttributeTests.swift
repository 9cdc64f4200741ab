import Foundation
import Pony
import Testing

struct Preferences: JSONAttributeValue {
    var theme = "light"
    var pageSize = 50
    var zoom = 1.0
}

/// Refuses to be encoded when `refuse` is set: a custom `encode(to:)` that throws.
struct Fragile: JSONAttributeValue {
    struct Refused: Error {}
    var refuse = false

    init(refuse: Bool = false) { self.refuse = refuse }
    init(from decoder: any Decoder) throws { refuse = try decoder.singleValueContainer().decode(Bool.self) }
    func encode(to encoder: any Encoder) throws {
        if refuse { throw Refused() }
        var container = encoder.singleValueContainer()
        try container.encode(refuse)
    }
}

@Entity final class Profile {
    var email: String
    var settings: Preferences = Preferences()
    var backup: Preferences?
    var fragile: Fragile = Fragile()
    init(email: String) { self.email = email }
}

/// `JSONAttributeValue`: a Codable struct in one text column.
@Suite("JSON attributes", .serialized, .syncSessionsInTests)
final class JSONAttributeTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Profile.self])
    }

    deinit {
        try? db.disconnect()
    }

    func storedSettings(_ id: Int64) throws -> String {
        try db.session {
            try db.select(sql: "SELECT settings FROM \"Profile\" WHERE id = ?", arguments: [id])[0].decode("settings", as: String.self)
        }
    }

    @Test func aValueIsStoredAsJSONWithSortedKeysAndReadBack() throws {
        let id = try db.session {
            let profile = Profile(email: "ann@example.org")
            profile.settings = Preferences(theme: "dark", pageSize: 20, zoom: 1.5)
            return profile.id
        }
        #expect(try storedSettings(id) == #"{"pageSize":20,"theme":"dark","zoom":1.5}"#)
        #expect(try db.session { try Profile[id].settings } == Preferences(theme: "dark", pageSize: 20, zoom: 1.5))
    }

    @Test func changingAPropertyOfTheValueIsSaved() throws {
        let id = try db.session { Profile(email: "bob@example.org").id }
        try db.session { try Profile[id].settings.pageSize = 100 }
        #expect(try db.session { try Profile[id].settings.pageSize } == 100)
    }

    @Test func anOptionalValueIsNullWhenNil() throws {
        let id = try db.session { Profile(email: "cid@example.org").id }
        let backup = try db.session {
            try db.select(sql: "SELECT backup FROM \"Profile\" WHERE id = ?", arguments: [id])[0].values[0]
        }
        #expect(backup == .null)
        try db.session { try Profile[id].backup = Preferences(theme: "blue") }
        #expect(try db.session { try Profile[id].backup?.theme } == "blue")
    }

    @Test func aPredicateComparesTheWholeValue() throws {
        let wanted = Preferences(theme: "solarized", pageSize: 10)
        try db.session {
            let profile = Profile(email: "dee@example.org")
            profile.settings = wanted
        }
        let emails = try db.session { try Profile.select(#Predicate { $0.settings == wanted }).fetch().map(\.email) }
        #expect(emails == ["dee@example.org"])
    }

    @Test func nonFiniteNumbersRoundTrip() throws {
        let id = try db.session {
            let profile = Profile(email: "eve@example.org")
            profile.settings.zoom = .infinity
            return profile.id
        }
        #expect(try db.session { try Profile[id].settings.zoom } == .infinity)
    }

    @Test func storedTextThatDoesNotDecodeIsADecodingErrorNamingTheColumn() throws {
        let id = try db.session { Profile(email: "fay@example.org").id }
        try db.session { try db.execute(sql: "UPDATE \"Profile\" SET settings = ? WHERE id = ?", arguments: ["{not json", id]) }
        #expect {
            try self.db.session { _ = try Profile[id].settings }
        } throws: { error in
            guard case PonyError.decoding(let message) = error else { return false }
            return message.contains("settings") && message.contains("Preferences")
        }
        try db.session { try db.execute(sql: "DELETE FROM \"Profile\" WHERE id = ?", arguments: [id]) }
    }

    @Test func aValueThatCannotBeEncodedIsAnEncodingErrorAndNothingIsWritten() throws {
        #expect {
            try self.db.session {
                let profile = Profile(email: "gus@example.org")
                profile.fragile = Fragile(refuse: true)
            }
        } throws: { error in
            guard case PonyError.encoding(let message) = error else { return false }
            return message.contains("Fragile")
        }
        #expect(try db.session { try Profile.select(#Predicate { $0.email == "gus@example.org" }).count() } == 0)
    }
}
