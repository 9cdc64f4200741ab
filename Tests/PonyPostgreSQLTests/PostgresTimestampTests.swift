import Foundation
@testable import PonyPostgreSQL
import Testing

/// `timestamptz` text both ways, to the microsecond.
@Suite("PostgreSQL timestamps")
struct PostgresTimestampTests {
    func seconds(_ text: String) -> Double? {
        text.withCString { PostgresTimestamp.seconds($0, length: text.utf8.count) }
    }

    @Test func writesUTCWithMicroseconds() {
        #expect(PostgresTimestamp.text(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000+00")
        #expect(PostgresTimestamp.text(Date(timeIntervalSince1970: 1_764_748_800.123456)) == "2025-12-03 08:00:00.123456+00")
        #expect(PostgresTimestamp.text(Date(timeIntervalSince1970: -0.5)) == "1969-12-31 23:59:59.500000+00")
    }

    @Test func readsWhatTheServerPrintsInAnyOffset() {
        #expect(seconds("1970-01-01 00:00:00+00") == 0)
        #expect(seconds("2025-12-03 08:00:00.123456+00") == 1_764_748_800.123456)
        #expect(seconds("2025-12-03 10:00:00.5+02") == 1_764_748_800.5)
        #expect(seconds("2025-12-03 13:30:00+05:30") == 1_764_748_800)
        #expect(seconds("2025-12-03 07:00:00-01") == 1_764_748_800)
        #expect(seconds("infinity") == .infinity && seconds("-infinity") == -.infinity)
    }

    @Test func roundTripsEveryMicrosecondOfARange() {
        for micros in stride(from: Int64(-2_000_000), through: 2_000_000, by: 7_919) {
            let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(micros) / 1_000_000)
            let back = seconds(PostgresTimestamp.text(date))!
            #expect(abs(back - date.timeIntervalSince1970) < 0.000_001, "\(date) → \(PostgresTimestamp.text(date))")
        }
    }

    @Test func readsDatesBeforeTheCommonEra() {
        let text = PostgresTimestamp.text(Date(timeIntervalSince1970: -62_167_219_200))   // 0001-01-01 BC
        #expect(text == "0001-01-01 00:00:00.000000+00 BC")
        #expect(seconds(text) == -62_167_219_200)
    }

    @Test(arguments: ["", "2025-12-03", "2025-12-03T08:00:00Z", "03.12.2025 08:00:00", "2025-12-03 08:00:00+00 AD"])
    func refusesOtherForms(text: String) {
        #expect(seconds(text) == nil)
    }
}
