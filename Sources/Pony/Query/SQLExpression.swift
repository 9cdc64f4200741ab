/// A piece of SQL with its bound arguments, built by translating a `#Predicate`.
struct SQLExpression: Sendable {
    var sql: String
    var arguments: SQLArguments
    /// The attribute column this expression is, if it is exactly one column of the queried entity.
    var column: String?
    /// For a to-one's foreign key read through another to-one (`$0.owner?.team`): the entity it points to.
    var toOneTarget: (any Entity.Type)?

    init(sql: String, arguments: SQLArguments = [], column: String? = nil) {
        self.sql = sql
        self.arguments = arguments
        self.column = column
    }

    static func value(_ value: any DatabaseValueConvertible) -> SQLExpression {
        SQLExpression(sql: "?", arguments: [value])
    }

    /// `(lhs OP rhs)`, arguments in order.
    static func binary(_ lhs: SQLExpression, _ op: String, _ rhs: SQLExpression) -> SQLExpression {
        SQLExpression(sql: "(\(lhs.sql) \(op) \(rhs.sql))", arguments: lhs.arguments + rhs.arguments)
    }

    /// `NAME(arg, …)`, arguments in order.
    static func function(_ name: String, _ parts: SQLExpression...) -> SQLExpression {
        SQLExpression(
            sql: "\(name)(\(parts.map(\.sql).joined(separator: ", ")))",
            arguments: parts.flatMap(\.arguments))
    }
}
