import Foundation

/// Turns a Foundation `#Predicate` over an entity into a SQL `WHERE` expression with bound parameters.
///
/// The predicate's expression tree (`PredicateExpressions.Conjunction`, `.Comparison`, `.KeyPath`, `.Value`, …)
/// is walked node by node; each supported node type knows its SQL (see `PredicateExpressions+SQL.swift`).
/// Anything else throws ``PonyError/unsupportedPredicate(node:reason:)`` naming the node — the query never
/// falls back to filtering in memory.
struct PredicateTranslator {
    static let supported = "supported: ==, !=, <, <=, >, >=, &&, ||, !, +, -, *, /, %, ?:, "
        + "attribute.contains(text), attribute.starts(with: text), "
        + "[values].contains(attribute), relationship.id, relationship?.id, "
        + "attributes through a to-one: relationship.name, relationship?.name, "
        + "a to-many's objects: relationship.contains { … }, relationship.allSatisfy { … }"

    let mapping: EntityMapping
    /// The predicate's input variable: key paths must start from it.
    let root: PredicateExpressions.VariableID
    /// What this translator's columns are qualified with: the queried table, or the alias of a to-one's subquery.
    let qualifier: String
    /// How many to-one subqueries enclose this translator's expressions (0 for the query itself).
    let depth: Int

    static func translate<E: Entity>(_ predicate: Predicate<E>, mapping: EntityMapping) throws -> SQLExpression {
        let translator = PredicateTranslator(mapping: mapping, root: predicate.variable.key, qualifier: quoted(mapping.table), depth: 0)
        return try translator.translate(predicate.expression)
    }

    /// The SQL for any node of the tree.
    func translate(_ node: Any) throws -> SQLExpression {
        guard let translatable = node as? any SQLTranslatable else {
            throw unsupported(node, "it has no SQL translation; \(Self.supported)")
        }
        return try translatable.sql(self)
    }

    func unsupported(_ node: Any, _ reason: String) -> PonyError {
        .unsupportedPredicate(node: Self.shortName(of: node), reason: reason)
    }

    /// `CollectionContainsCollection` for `PredicateExpressions.CollectionContainsCollection<…>`.
    static func shortName(of node: Any) -> String {
        let full = String(describing: type(of: node))
        return String(full.prefix { $0 != "<" })
    }

    /// The column for a key path on the predicate's input, or an error naming the key path.
    func column(for keyPath: AnyKeyPath, node: Any) throws -> SQLExpression {
        guard let column = mapping.columnsByKeyPath[keyPath] else {
            throw unsupported(node, "the key path is not a stored attribute of \(mapping.name) (computed properties, "
                + "to-many relationships and @Transient properties have no column)")
        }
        return SQLExpression(sql: "\(qualifier).\(quoted(column))", column: column)
    }

    /// The to-many relationship of the queried entity at `keyPath`, if it is one.
    func toManyRelationship(at keyPath: AnyKeyPath) -> RelationshipMapping? {
        func attribute<E: Entity>(of type: E.Type) -> String? {
            E._ponyEntity.attributes.first { $0.keyPath == keyPath }?.name
        }
        guard let name = attribute(of: mapping.entityType), let relationship = mapping.relationships[name],
              relationship.isCollection
        else { return nil }
        return relationship
    }

    /// Whether some object of a to-many relationship passes `translate`'s condition (a translator for the target
    /// entity whose input is `variable`): `EXISTS (SELECT 1 FROM "Pet" AS pony_to_many_1 WHERE
    /// pony_to_many_1."owner" = "Person"."id" AND condition)`.
    func anyRelated(
        _ relationship: RelationshipMapping, variable: PredicateExpressions.VariableID,
        _ translate: (PredicateTranslator) throws -> SQLExpression
    ) throws -> SQLExpression {
        func targetMapping<T: Entity>(_ type: T.Type) throws -> EntityMapping { try T._ponyEntity.requireMapping() }
        let target = try targetMapping(relationship.target)
        let alias = "pony_to_many_\(depth + 1)"
        let inner = PredicateTranslator(mapping: target, root: variable, qualifier: alias, depth: depth + 1)
        let condition = try translate(inner)
        let owner = "\(qualifier).\(quoted(mapping.keyColumn))"
        let related: String
        switch relationship.kind {
        case .toMany(let inverse):
            related = "\(quoted(target.table)) AS \(alias) WHERE \(alias).\(quoted(inverse.column)) = \(owner)"
        case .manyToMany(let link):
            let linkAlias = "\(alias)_link"
            related = "\(quoted(target.table)) AS \(alias) JOIN \(quoted(link.table)) AS \(linkAlias) ON \(linkAlias)."
                + "\(quoted(link.targetColumn)) = \(alias).\(quoted(target.keyColumn)) WHERE \(linkAlias).\(quoted(link.ownerColumn)) = \(owner)"
        case .toOne:
            throw PonyError.mapping("\(relationship.attribute) is not a to-many relationship")
        }
        return SQLExpression(sql: "EXISTS (SELECT 1 FROM \(related) AND \(condition.sql))", arguments: condition.arguments)
    }

    /// The target mapping of the to-one relationship whose foreign-key column `relationship` is, if it is one.
    func toOneTarget(of relationship: SQLExpression) -> (any Entity.Type)? {
        relationship.toOneTarget ?? relationship.column.flatMap { mapping.relationships[$0]?.target }
    }

    /// An expression about the object a to-one relationship points to (`$0.owner?.name`): `translate` turns it
    /// into SQL with a translator for the target entity, whose input is `variable`, and the result is a scalar
    /// subquery reading that one row — NULL when the relationship is nil, as the optional chain is `nil` in Swift.
    ///
    /// `(SELECT pony_to_one_1."name" FROM "Person" AS pony_to_one_1 WHERE pony_to_one_1."id" = "Todo"."owner")`
    func throughToOne(
        _ relationship: SQLExpression, to target: any Entity.Type, variable: PredicateExpressions.VariableID,
        _ translate: (PredicateTranslator) throws -> SQLExpression
    ) throws -> SQLExpression {
        func targetMapping<T: Entity>(_ type: T.Type) throws -> EntityMapping { try T._ponyEntity.requireMapping() }
        let target = try targetMapping(target)
        let alias = "pony_to_one_\(depth + 1)"
        let inner = PredicateTranslator(mapping: target, root: variable, qualifier: alias, depth: depth + 1)
        let value = try translate(inner)
        var subquery = SQLExpression(
            sql: "(SELECT \(value.sql) FROM \(quoted(target.table)) AS \(alias) WHERE \(alias).\(quoted(target.keyColumn)) = \(relationship.sql))",
            arguments: value.arguments + relationship.arguments)
        subquery.toOneTarget = inner.toOneTarget(of: value)
        return subquery
    }
}

/// A `PredicateExpressions` node with a SQL translation.
protocol SQLTranslatable {
    func sql(_ translator: PredicateTranslator) throws -> SQLExpression
}
