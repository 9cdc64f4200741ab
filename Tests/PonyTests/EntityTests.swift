import Foundation
import Pony
import Testing

enum Priority: Int, AttributeValue {
    case low, normal, high
}

enum Mood: String, AttributeValue {
    case calm, busy
}

@Entity final class Sample {
    var int: Int
    var int64: Int64
    var int32: Int32
    var uint8: UInt8
    var double: Double
    var float: Float
    var flag: Bool
    var text: String
    var bytes: Data
    var date: Date
    var uuid: UUID
    var priority: Priority
    var mood: Mood?
    var note: String?
    var count: Int?
    var when: Date?
    @Transient var scratch: Int = 0

    init(text: String) {
        int = -7
        int64 = .max
        int32 = .min
        uint8 = 255
        double = 0.1
        float = 1.5
        flag = true
        self.text = text
        bytes = Data([0, 1, 2, 255])
        date = Date(timeIntervalSince1970: 1_700_000_000.25)
        uuid = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!
        priority = .high
    }
}

@Entity final class Country {
    var id: String
    var name: String
    init(code: String, name: String) {
        id = code
        self.name = name
    }
}

@Entity final class Account {
    @Attribute(.unique) var email: String
    @Attribute(.indexed, .column("display_name")) var name: String
    init(email: String, name: String) {
        self.email = email
        self.name = name
    }
}

@Entity final class Nest {
    var name: String
    var eggs: [Egg]
    init(name: String) { self.name = name }
}

@Entity final class Egg {
    var nest: Nest?
    init(nest: Nest?) { self.nest = nest }
}

@Suite("Entities", .serialized, .syncSessionsInTests)
final class EntityTests {
    let db: Database

    init() throws {
        db = try makeDatabase([Sample.self, Country.self, Account.self])
    }

    deinit {
        try? db.disconnect()
    }

    @Test func everySupportedTypeRoundTrips() throws {
        let id = try db.session { Sample(text: "héllo ✓").id }
        let loaded = try db.session { try Sample[id].snapshot() }
        #expect(loaded.int == -7)
        #expect(loaded.int64 == .max)
        #expect(loaded.int32 == .min)
        #expect(loaded.uint8 == 255)
        #expect(loaded.double == 0.1)
        #expect(loaded.float == 1.5)
        #expect(loaded.flag)
        #expect(loaded.text == "héllo ✓")
        #expect(loaded.bytes == Data([0, 1, 2, 255]))
        #expect(loaded.date == Date(timeIntervalSince1970: 1_700_000_000.25))
        #expect(loaded.uuid == UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(loaded.priority == .high)
        #expect(loaded.mood == nil && loaded.note == nil && loaded.count == nil && loaded.when == nil)
    }

    @Test func optionalAttributesStoreNullAndValues() throws {
        let id = try db.session {
            let sample = Sample(text: "x")
            sample.mood = .busy
            sample.note = "n"
            sample.count = 0
            sample.when = Date(timeIntervalSince1970: 0)
            return sample.id
        }
        let loaded = try db.session { try Sample[id].snapshot() }
        #expect(loaded.mood == .busy && loaded.note == "n" && loaded.count == 0)
        #expect(loaded.when == Date(timeIntervalSince1970: 0))
        try db.session { try Sample[id].note = nil }
        #expect(try db.session { try Sample[id].note } == nil)
    }

    @Test func optionalAttributesAreNullableColumnsAndOthersAreNotNull() throws {
        let rows = try db.session {
            try db.select(sql: TestDatabaseKind.isPostgreSQL
                ? "SELECT column_name::text AS name, (is_nullable = 'NO') AS required FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Sample'"
                : "SELECT name, \"notnull\" AS required FROM pragma_table_info('Sample') ORDER BY cid")
        }
        let required = Dictionary(uniqueKeysWithValues: rows.map { (try! $0.decode("name", as: String.self), try! $0.decode("required", as: Bool.self)) })
        #expect(required["text"] == true)
        #expect(required["note"] == false)
        #expect(required["mood"] == false)
        #expect(required["scratch"] == nil, "@Transient properties have no column")
    }

    @Test func snapshotsRoundTripThroughJSON() throws {
        let snapshots = try db.session {
            _ = Sample(text: "a")
            _ = Sample(text: "b")
            return try Sample.select().snapshots()
        }
        let json = try JSONEncoder().encode(snapshots)
        let decoded = try JSONDecoder().decode([Sample.Snapshot].self, from: json)
        #expect(decoded == snapshots)
        #expect(decoded.map(\.text) == ["a", "b"])
    }

    @Test func arraysOfEntitiesHaveSnapshots() throws {
        let ids = try db.session {
            [Sample(text: "a"), Sample(text: "b")]
        }
        let texts = try db.session {
            try ids.map { try Sample[$0.id] }.snapshots().map(\.text)
        }
        #expect(texts == ["a", "b"])
    }

    @Test func aDeclaredIDIsTheAssignedPrimaryKey() throws {
        try db.session { _ = Country(code: "NZ", name: "New Zealand") }
        let name = try db.session { try Country["NZ"].name }
        #expect(name == "New Zealand")
        let snapshot = try db.session { try Country["NZ"].snapshot() }
        #expect(snapshot == Country.Snapshot(id: "NZ", name: "New Zealand"))
    }

    @Test func aDuplicateDeclaredIDIsAConstraintViolation() throws {
        try db.session { _ = Country(code: "NZ", name: "New Zealand") }
        #expect {
            try db.session { _ = Country(code: "NZ", name: "Again") }
        } throws: { error in
            guard case PonyError.constraintViolation(let message, _) = error else { return false }
            return TestDatabaseKind.isUniqueViolation(message, table: "Country", column: "id")
        }
    }

    @Test func aUniqueAttributeRejectsDuplicatesWithTheDatabasesMessage() throws {
        try db.session { _ = Account(email: "a@x.org", name: "A") }
        #expect {
            try db.session { _ = Account(email: "a@x.org", name: "B") }
        } throws: { error in
            guard case PonyError.constraintViolation(let message, let sql) = error else { return false }
            return TestDatabaseKind.isUniqueViolation(message, table: "Account", column: "email") && sql.hasPrefix("INSERT INTO \"Account\"")
        }
        #expect(try db.session { try Account.count() } == 1)
    }

    @Test func indexedAttributesGetAnIndexAndCustomColumnNames() throws {
        let indexes = try db.session {
            try db.select(sql: TestDatabaseKind.isPostgreSQL
                ? "SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'Account' ORDER BY name"
                : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Account' ORDER BY name")
                .map { try $0.decode("name", as: String.self) }
        }
        #expect(indexes.contains("Account_display_name_index"))
        let uniqueIndex = TestDatabaseKind.isPostgreSQL ? "Account_email_key" : "sqlite_autoindex_Account"
        #expect(indexes.contains { $0.hasPrefix(uniqueIndex) }, "UNIQUE creates the database's own index")
    }

    @Test func transientPropertiesAreNotMapped() {
        #expect(Sample._ponyEntity.attributes.map(\.name).contains("scratch") == false)
        #expect(Country._ponyEntity.attributes.map(\.name) == ["id", "name"])
    }

    @Test func endedSessionsDoNotKeepEntitiesOrTheDatabaseAlive() throws {
        weak var weakDatabase: Database?
        weak var weakNest: Nest?
        try {
            let db = try makeDatabase([Nest.self, Egg.self])
            weakDatabase = db
            let nest = try db.session {
                let nest = Nest(name: "home")
                _ = Egg(nest: nest)
                _ = nest.eggs.map(\.nest)
                return nest
            }
            weakNest = nest
        }()
        #expect(weakNest == nil, "a loaded to-many collection must not keep its owner alive after the session")
        #expect(weakDatabase == nil)
    }
}
