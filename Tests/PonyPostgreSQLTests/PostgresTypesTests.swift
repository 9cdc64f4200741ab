import Foundation
@testable import Pony
@testable import PonyPostgreSQL
import Testing

enum Mood: String, AttributeValue {
    case calm, busy
}

@Entity final class Reading {
    var when: Date
    var token: UUID
    var valid: Bool
    var raw: Data
    var mood: Mood
    var level: Double
    var note: String?
    init(when: Date, token: UUID) {
        self.when = when
        self.token = token
        valid = true
        raw = Data([0, 255, 0x5C, 0x78])
        mood = .busy
        level = -0.25
    }
}

/// Attribute types get PostgreSQL's own column types, and keep their values exactly.
@Suite("PostgreSQL column types", .serialized, .enabled(if: TestServer.isAvailable, TestServer.skipNote))
struct PostgresTypesTests {
    static func database() throws -> Database {
        let url = try #require(TestServer.url)
        let schema = TestServer.table("types")
        _ = try TestServer.connect().query("CREATE SCHEMA \(schema)")
        let db = Database()
        try db.bind(.postgres(url: "\(url)?options=-csearch_path%3D\(schema)"))
        try db.generateMapping([Reading.self], createTables: true)
        return db
    }

    @Test func mappingAnExistingTableListsEveryDifference() throws {
        let url = try #require(TestServer.url)
        let schema = TestServer.table("existing")
        let admin = try TestServer.connect()
        _ = try admin.query("CREATE SCHEMA \(schema)")
        _ = try admin.query("CREATE TABLE \(schema).\"Reading\" (id BIGINT PRIMARY KEY, \"when\" TIMESTAMPTZ, token UUID)")
        let db = Database()
        try db.bind(.postgres(url: "\(url)?options=-csearch_path%3D\(schema)"))
        defer { try? db.disconnect() }
        #expect {
            try db.generateMapping([Reading.self])
        } throws: { error in
            "\(error)".contains("table \"Reading\" does not match Reading; migrate it (Migrator):")
                && "\(error)".contains("- missing column \"valid\" (BOOLEAN NOT NULL) for Reading.valid: change.addColumn(\"valid\", to: \"Reading\", type: .boolean, nullable: false, default: <a value for existing rows>)")
                && "\(error)".contains("- column \"when\" allows NULL, Reading.when is not optional")
                && "\(error)".contains("- missing column \"note\" (TEXT) for Reading.note: change.addColumn(\"note\", to: \"Reading\", type: .text)")
        }
    }

    @Test func mappingAMissingTableWithoutCreateTablesSaysSo() throws {
        let url = try #require(TestServer.url)
        let schema = TestServer.table("empty")
        _ = try TestServer.connect().query("CREATE SCHEMA \(schema)")
        let db = Database()
        try db.bind(.postgres(url: "\(url)?options=-csearch_path%3D\(schema)"))
        defer { try? db.disconnect() }
        #expect {
            try db.generateMapping([Reading.self])
        } throws: { error in
            "\(error)".contains("table \"Reading\" for Reading does not exist in 'postgresql://pony:***@127.0.0.1:")
        }
    }

    @Test func attributesGetPostgreSQLColumnTypes() async throws {
        let db = try Self.database()
        defer { try? db.disconnect() }
        let rows = try await db.session {
            try db.select(sql: "SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = 'Reading'")
        }
        let types = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode("name", as: String.self), try $0.decode("type", as: String.self)) })
        #expect(types == [
            "id": "bigint", "when": "timestamp with time zone", "token": "uuid", "valid": "boolean", "raw": "bytea",
            "mood": "text", "level": "double precision", "note": "text",
        ])
    }

    @Test func aDateKeepsItsMicrosecondsOnTheServer() async throws {
        let db = try Self.database()
        defer { try? db.disconnect() }
        let when = Date(timeIntervalSince1970: 1_764_748_800.123456)
        let token = UUID()
        let id = try await db.session { Reading(when: when, token: token).id }
        let stored = try await db.session {
            try db.select(sql: "SELECT to_char(\"when\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS t, token::text AS u FROM \"Reading\"")[0]
        }
        #expect(stored["t"] == .text("2025-12-03 08:00:00.123456"))
        #expect(stored["u"] == .text(token.uuidString.lowercased()))
        let loaded = try await db.session { try Reading[id].snapshot() }
        #expect(abs(loaded.when.timeIntervalSince1970 - when.timeIntervalSince1970) < 0.000_001)
        #expect(loaded.token == token && loaded.valid && loaded.raw == Data([0, 255, 0x5C, 0x78]) && loaded.mood == .busy)
        #expect(loaded.level == -0.25 && loaded.note == nil)
    }

    @Test func queriesCompareDatesUUIDsAndBooleansAsTheirServerTypes() async throws {
        let db = try Self.database()
        defer { try? db.disconnect() }
        let token = UUID()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        try await db.session {
            _ = Reading(when: start, token: token)
            Reading(when: start.addingTimeInterval(60), token: UUID()).valid = false
        }
        let later = start.addingTimeInterval(1)
        let busy = Mood.busy
        let counts = try await db.session {
            (try Reading.select(#Predicate { $0.when > later }).count(),
             try Reading.select(#Predicate { $0.token == token }).count(),
             try Reading.select(#Predicate { $0.valid == false }).count(),
             try Reading.select(#Predicate { $0.note == nil && $0.mood == busy }).count())
        }
        #expect(counts == (1, 1, 1, 2))
    }
}
