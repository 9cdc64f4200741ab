@testable import PonyPostgreSQL
import Testing

/// `?` parameters become `$n` everywhere but inside literals, quoted names and comments.
@Suite("PostgreSQL placeholders")
struct PostgresPlaceholdersTests {
    @Test func numbersQuestionMarksInOrder() {
        let rewritten = PostgresPlaceholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?)")
        #expect(rewritten.sql == "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)")
        #expect(rewritten.parameterCount == 3)
    }

    @Test(arguments: [
        "SELECT '?', 'it''s ?' FROM t",
        #"SELECT "what?" FROM t"#,
        "SELECT 1 -- why?\n",
        "SELECT 1 /* maybe? */",
        "SELECT $$is it?$$, $tag$a ? b$tag$",
        #"SELECT E'\'?'"#,
    ])
    func leavesQuestionMarksInsideLiteralsNamesAndCommentsAlone(sql: String) {
        let rewritten = PostgresPlaceholders(sql)
        #expect(rewritten.sql == sql)
        #expect(rewritten.parameterCount == 0)
    }

    @Test func keepsNumberedParametersAndCountsTheHighest() {
        let rewritten = PostgresPlaceholders("SELECT $2::int + $1::int")
        #expect(rewritten.sql == "SELECT $2::int + $1::int")
        #expect(rewritten.parameterCount == 2)
    }

    @Test func aQuestionMarkAfterALiteralIsAParameterAgain() {
        let rewritten = PostgresPlaceholders("SELECT 'a' || ? || \"b\" || ? -- c?\n, ?")
        #expect(rewritten.sql == "SELECT 'a' || $1 || \"b\" || $2 -- c?\n, $3")
    }

    @Test func anUnterminatedLiteralIsCopiedAsItIs() {
        let rewritten = PostgresPlaceholders("SELECT ? , 'open")
        #expect(rewritten.sql == "SELECT $1 , 'open")
        #expect(rewritten.parameterCount == 1)
    }
}
