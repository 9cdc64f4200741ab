import Foundation
@testable import Pony
@testable import PonyPostgreSQL
import Testing

/// A row is read through the cells the driver decodes once per row (``StatementBackend/currentRow``); every read
/// must give what the driver's own per-value methods give, for every type and for NULL.
@Suite("PostgreSQL row cells", .enabled(if: TestServer.isAvailable, TestServer.skipNote))
struct PostgresRowCellsTests {
    /// One row with a column of each kind the driver tells apart, a NULL, and values at the edges.
    static let everyKind = """
        SELECT 7::int2, (-2147483648)::int4, 9223372036854775807::int8, 26::oid, true, false, \
        1.5::float4, -0.1::float8, 'NaN'::float8, '-Infinity'::float8, 12345678901234567890.25::numeric, \
        '2026-12-05 01:02:03.456789+00'::timestamptz, '1999-01-01 00:00:00'::timestamp, \
        'Grüße, 世界'::text, ''::text, 'c0ffee00-0000-4000-8000-000000000001'::uuid, '\\x00ff10'::bytea, \
        NULL::int8, NULL::text, '42'::text
        """

    /// The same column read without its cell: through the driver's per-value methods.
    static func withoutCell(_ statement: Statement, _ index: Int32) -> ResultColumn {
        ResultColumn(statement: Unmanaged.passUnretained(statement), cells: nil, index: index)
    }

    static func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

    @Test func everyColumnReadsTheSameThroughItsCellAsThroughTheDriver() throws {
        let connection = try TestServer.connect()
        let statement = try connection.prepare(Self.everyKind)
        #expect(try statement.step())
        let cells = try #require(statement.cells)
        #expect(cells.count == Int(statement.columnCount))
        for index in 0..<statement.columnCount {
            let cell = statement.column(index)
            let driver = Self.withoutCell(statement, index)
            #expect(cell.cell != nil && driver.cell == nil)
            #expect(cell.storage == driver.storage, "column \(index)")
            #expect(cell.isNull == driver.isNull, "column \(index)")
            #expect(cell.integer == driver.integer, "column \(index)")
            #expect(Self.same(cell.real, driver.real), "column \(index): \(cell.real) vs \(driver.real)")
            #expect(cell.text == driver.text, "column \(index)")
            #expect(cell.blob == driver.blob, "column \(index)")
        }
        #expect(try !statement.step())
        #expect(statement.cells == nil)
    }

    @Test func cellsHoldTheDecodedValues() throws {
        let connection = try TestServer.connect()
        let statement = try connection.prepare(Self.everyKind)
        #expect(try statement.step())
        #expect(statement.column(0).databaseValue == .integer(7))
        #expect(statement.column(2).databaseValue == .integer(.max))
        #expect(statement.column(4).databaseValue == .integer(1))
        #expect(statement.column(5).databaseValue == .integer(0))
        #expect(statement.column(7).databaseValue == .real(-0.1))
        #expect(statement.column(9).databaseValue == .real(-.infinity))
        #expect(statement.column(11).real == 1_796_432_523.456789)
        #expect(statement.column(13).databaseValue == .text("Grüße, 世界"))
        #expect(statement.column(14).databaseValue == .text(""))
        #expect(statement.column(16).databaseValue == .blob(Data([0x00, 0xff, 0x10])))
        #expect(statement.column(17).isNull && statement.column(18).isNull)
        #expect(statement.column(19).integer == 42, "text read as a number asks the driver")
    }

    @Test func eachRowGetsItsOwnCellsAndAResetDropsThem() throws {
        let connection = try TestServer.connect()
        let statement = try connection.prepare("SELECT i, 'row ' || i, CASE WHEN i % 2 = 0 THEN NULL ELSE i * 0.5 END FROM generate_series(1, 5) AS i")
        var seen: [String] = []
        while try statement.step() {
            let row = statement.column(0).integer
            seen.append(statement.column(1).text)
            #expect(statement.column(2).isNull == (row % 2 == 0))
            if row % 2 == 1 { #expect(statement.column(2).real == Double(row) * 0.5) }
        }
        #expect(seen == (1...5).map { "row \($0)" })
        statement.reset()
        #expect(statement.cells == nil)
    }

    @Test func theStatementKnowsHowManyRowsItsResultHoldsOnceItHasRun() throws {
        let connection = try TestServer.connect()
        let statement = try connection.prepare("SELECT i FROM generate_series(1, 5) AS i")
        #expect(statement.bufferedRowCount == nil)
        #expect(try statement.step())
        #expect(statement.bufferedRowCount == 5)
        while try statement.step() {}
        #expect(statement.bufferedRowCount == 5)
        statement.reset()
        #expect(statement.bufferedRowCount == nil)
    }

    @Test func aColumnPastTheRowHasNoCellAndReadsAsTheDriverSays() throws {
        let connection = try TestServer.connect()
        let statement = try connection.prepare("SELECT 1")
        #expect(try statement.step())
        let past = statement.column(1)
        #expect(past.cell == nil)
        #expect(past.isNull)
    }
}
