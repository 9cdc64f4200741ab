import Foundation
@testable import Pony
import Testing

@Suite("SQL log switch from the environment")
struct SQLLogEnvironmentTests {
    func log(_ value: String) throws -> SQLLog? {
        try SQLLog.parse(environment: ["PONY_SQL_DEBUG": value]).get()
    }

    @Test func isOffWhenTheVariableIsUnset() throws {
        #expect(try SQLLog.parse(environment: [:]).get() == nil)
    }

    @Test func oneLogsStatementsWithoutValues() throws {
        for value in ["1", "true", "ON", "yes"] {
            let log = try #require(try log(value), "\(value)")
            #expect(!log.showsValues)
            #expect(log.logger.label == "pony.sql")
        }
    }

    @Test func valuesLogsStatementsWithTheirValues() throws {
        #expect(try log("values")?.showsValues == true)
    }

    @Test func zeroOrEmptyIsOff() throws {
        for value in ["0", "", "false", "off", "no"] {
            #expect(try log(value) == nil, "\(value)")
        }
    }

    @Test func namesAnInvalidValue() {
        guard case .failure(let error) = SQLLog.parse(environment: ["PONY_SQL_DEBUG": "loud"]) else {
            Issue.record("'loud' was accepted")
            return
        }
        #expect(error.message
            == "PONY_SQL_DEBUG='loud' is not valid: use 1 (log statements), values (statements and their values) or 0; SQL logging stays off")
    }

    @Test func aProgramStartedWithTheVariableLogsItsSQLToStandardError() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            setenv("PONY_SQL_DEBUG", "1", 1)
            let db = Database()
            try db.bind(.sqlite(path: ":memory:", create: true))
            try await db.session { _ = try db.select(sql: "SELECT 42 AS answer") }
        }
        let standardError = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(standardError.contains("pony.sql"), "\(standardError)")
        #expect(standardError.contains("SELECT 42 AS answer"), "\(standardError)")
    }
}
