import Foundation

// The SQL of each supported #Predicate node. Every binary form is parenthesized, so SQL precedence never
// differs from the Swift expression's.

extension PredicateExpressions.Conjunction: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        try .binary(t.translate(lhs), "AND", t.translate(rhs))
    }
}

extension PredicateExpressions.Disjunction: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        try .binary(t.translate(lhs), "OR", t.translate(rhs))
    }
}

extension PredicateExpressions.Negation: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let inner = try t.translate(wrapped)
        return SQLExpression(sql: "(NOT \(inner.sql))", arguments: inner.arguments)
    }
}

/// `IS` / `IS NOT` (PostgreSQL: `IS [NOT] DISTINCT FROM`) compare NULL like Swift compares `nil`: `nil == nil` is true.
extension PredicateExpressions.Equal: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        try .binary(t.translate(lhs), t.mapping.dialect.nullSafeEqual, t.translate(rhs))
    }
}

extension PredicateExpressions.NotEqual: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        try .binary(t.translate(lhs), t.mapping.dialect.nullSafeNotEqual, t.translate(rhs))
    }
}

extension PredicateExpressions.Comparison: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let symbol = switch op {
        case .lessThan: "<"
        case .lessThanOrEqual: "<="
        case .greaterThan: ">"
        case .greaterThanOrEqual: ">="
        @unknown default: throw t.unsupported(self, "unknown comparison operator \(op)")
        }
        return try .binary(t.translate(lhs), symbol, t.translate(rhs))
    }
}

extension PredicateExpressions.Arithmetic: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let symbol = switch op {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        @unknown default: throw t.unsupported(self, "unknown arithmetic operator \(op)")
        }
        return try .binary(t.translate(lhs), symbol, t.translate(rhs))
    }
}

/// SQLite's integer division truncates toward zero, like Swift's.
extension PredicateExpressions.IntDivision: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        try .binary(t.translate(lhs), "/", t.translate(rhs))
    }
}

extension PredicateExpressions.IntRemainder: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        try .binary(t.translate(lhs), "%", t.translate(rhs))
    }
}

extension PredicateExpressions.FloatDivision: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let lhs = try t.translate(lhs)
        return .binary(SQLExpression(sql: "CAST(\(lhs.sql) AS \(t.mapping.dialect.floatingPointType))", arguments: lhs.arguments), "/", try t.translate(rhs))
    }
}

extension PredicateExpressions.UnaryMinus: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let inner = try t.translate(wrapped)
        return SQLExpression(sql: "(-\(inner.sql))", arguments: inner.arguments)
    }
}

extension PredicateExpressions.Conditional: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let condition = try t.translate(test)
        let yes = try t.translate(trueBranch)
        let no = try t.translate(falseBranch)
        return SQLExpression(
            sql: "(CASE WHEN \(condition.sql) THEN \(yes.sql) ELSE \(no.sql) END)",
            arguments: condition.arguments + yes.arguments + no.arguments)
    }
}

extension PredicateExpressions.KeyPath: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        // `input.name` of a captured value: a constant, read now and bound as an argument.
        if let constant = constantValue() { return try constant.sql(t, node: self, type: Output.self) }
        // `$0.owner.id` for a required to-one: the foreign-key column; `$0.owner.name`: the target's column.
        if root is any KeyPathNode, let relationship = try? t.translate(root), let target = t.toOneTarget(of: relationship) {
            if isPrimaryKey(of: target) { return relationship }
            return try t.throughToOne(relationship, to: target, variable: t.root) { inner in
                try inner.column(for: keyPath, node: self)
            }
        }
        guard let variable = root as? any VariableNode, variable.variableKey == t.root else {
            throw t.unsupported(self, "a property of a property (such as $0.name.count) has no column; use attributes "
                + "of the queried \(t.mapping.name), or of an entity it points to by a to-one ($0.owner?.name)")
        }
        return try t.column(for: keyPath, node: self)
    }
}

extension PredicateExpressions.Value: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        try Constant(value: value).sql(t, node: self, type: Output.self)
    }
}

extension PredicateExpressions.NilLiteral: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        SQLExpression(sql: "NULL")
    }
}

extension PredicateExpressions.ForcedUnwrap: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        try t.translate(inner)
    }
}

/// `text.contains(other)`: case-sensitive substring test.
extension PredicateExpressions.CollectionContainsCollection: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        .binary(.function(t.mapping.dialect.substringPosition, try t.translate(base), try t.translate(other)), ">", SQLExpression(sql: "0"))
    }
}

/// `text.starts(with: prefix)`.
extension PredicateExpressions.SequenceStartsWith: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        .binary(.function(t.mapping.dialect.substringPosition, try t.translate(base), try t.translate(prefix)), "=", SQLExpression(sql: "1"))
    }
}

/// `[1, 2, 3].contains($0.age)` → `"age" IN (?, ?, ?)`; an empty list matches nothing, as in Swift.
extension PredicateExpressions.SequenceContains: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        guard let values = sequence as? any ValueSequenceNode else {
            throw t.unsupported(self, "only a list of values can be searched: [a, b].contains($0.attribute)")
        }
        let items = try values.databaseValues(t)
        let needle = try t.translate(element)
        // `IN ()` is SQLite's spelling of an empty list only: a false condition says the same everywhere.
        if items.isEmpty { return SQLExpression(sql: "(1 = 0)") }
        return SQLExpression(
            sql: "(\(needle.sql) IN (\(Array(repeating: "?", count: items.count).joined(separator: ", "))))",
            arguments: needle.arguments + items)
    }
}

/// `$0.owner?.id`: the foreign-key column of an optional to-one relationship; `$0.owner?.name` (or a longer chain,
/// `$0.owner?.team?.name`): the target's value, read by a subquery, NULL when the relationship is nil.
extension PredicateExpressions.OptionalFlatMap: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let relationship = try t.translate(wrapped)
        guard let target = t.toOneTarget(of: relationship) else {
            throw t.unsupported(self, "only a to-one relationship can be followed through an optional "
                + "($0.owner?.name); other optional chains and `if let` have no SQL translation here")
        }
        if let key = transform as? any KeyPathNode, key.rootVariableKey == variable.key, key.isPrimaryKey(of: target) {
            return relationship
        }
        return try t.throughToOne(relationship, to: target, variable: variable.key) { inner in
            try inner.translate(transform)
        }
    }
}

/// `$0.pets.contains { $0.age > 3 }`: some object of a to-many relationship passes the test (`EXISTS`).
extension PredicateExpressions.SequenceContainsWhere: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let relationship = try toManyRelationship(sequence, t, self)
        return try t.anyRelated(relationship, variable: variable.key) { inner in try inner.translate(test) }
    }
}

/// `$0.pets.allSatisfy { $0.age > 3 }`: no object of a to-many relationship fails the test (`NOT EXISTS`); true
/// for an empty collection, as in Swift.
extension PredicateExpressions.SequenceAllSatisfy: SQLTranslatable {
    func sql(_ t: PredicateTranslator) throws -> SQLExpression {
        let relationship = try toManyRelationship(sequence, t, self)
        let someFail = try t.anyRelated(relationship, variable: variable.key) { inner in
            let test = try inner.translate(test)
            return SQLExpression(sql: "(NOT \(test.sql))", arguments: test.arguments)
        }
        return SQLExpression(sql: "(NOT \(someFail.sql))", arguments: someFail.arguments)
    }
}

/// The to-many relationship `sequence` is (`$0.pets`), or an error naming `node`.
private func toManyRelationship(_ sequence: Any, _ t: PredicateTranslator, _ node: Any) throws -> RelationshipMapping {
    guard let keyPath = sequence as? any KeyPathNode, keyPath.rootVariableKey == t.root,
          let relationship = t.toManyRelationship(at: keyPath.anyKeyPath)
    else {
        throw t.unsupported(node, "only a to-many relationship of \(t.mapping.name) can be searched: "
            + "$0.relationship.contains { … } or $0.relationship.allSatisfy { … }")
    }
    return relationship
}

/// Type-erased access to a `PredicateExpressions.Variable`'s key.
protocol VariableNode {
    var variableKey: PredicateExpressions.VariableID { get }
}

extension PredicateExpressions.Variable: VariableNode {
    var variableKey: PredicateExpressions.VariableID { key }
}

/// Type-erased access to a key path node, to recognize `relationship?.id`.
protocol KeyPathNode {
    var rootVariableKey: PredicateExpressions.VariableID? { get }
    var anyKeyPath: AnyKeyPath { get }
    func isPrimaryKey(of entity: any Entity.Type) -> Bool
}

extension PredicateExpressions.KeyPath: KeyPathNode {
    var rootVariableKey: PredicateExpressions.VariableID? { (root as? any VariableNode)?.variableKey }
    var anyKeyPath: AnyKeyPath { keyPath }

    func isPrimaryKey(of entity: any Entity.Type) -> Bool {
        func check<E: Entity>(_ type: E.Type) -> Bool {
            E._ponyEntity.attributes.first(where: \.isPrimaryKey)?.keyPath == keyPath
        }
        return check(entity)
    }
}

/// Type-erased access to a `Value` node holding a sequence of storable values.
protocol ValueSequenceNode {
    func databaseValues(_ t: PredicateTranslator) throws -> SQLArguments
}

extension PredicateExpressions.Value: ValueSequenceNode where Output: Sequence {
    func databaseValues(_ t: PredicateTranslator) throws -> SQLArguments {
        try value.map { element in
            guard let convertible = element as? any DatabaseValueConvertible else {
                throw t.unsupported(self, "a value of type \(Output.Element.self) cannot be stored in a database column")
            }
            return convertible
        }
    }
}

/// A node whose value does not depend on the predicate's input: a captured value, or a property of one
/// (`input.name`), evaluated once when the query is built.
protocol ConstantNode {
    func constantValue() -> Constant?
}

/// A constant's value, boxed so that a `nil` constant is told apart from no constant.
struct Constant {
    let value: Any

    /// The value as a bound argument, or an error naming `node` when no column could hold it.
    func sql(_ t: PredicateTranslator, node: Any, type: Any.Type) throws -> SQLExpression {
        guard let convertible = value as? any DatabaseValueConvertible else {
            throw t.unsupported(node, "a value of type \(type) cannot be stored in a database column; compare with an attribute value type")
        }
        return .value(convertible)
    }
}

extension PredicateExpressions.Value: ConstantNode {
    func constantValue() -> Constant? { Constant(value: value) }
}

extension PredicateExpressions.KeyPath: ConstantNode {
    func constantValue() -> Constant? {
        guard let root = (root as? any ConstantNode)?.constantValue()?.value as? Root.Output else { return nil }
        return Constant(value: root[keyPath: keyPath])
    }
}
