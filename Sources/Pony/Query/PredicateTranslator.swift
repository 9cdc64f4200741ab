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
        + "[values].contains(attribute), relationship.id, relationship?.id"

    let mapping: EntityMapping
    /// The predicate's input variable: key paths must start from it.
    let root: PredicateExpressions.VariableID

    static func translate<E: Entity>(_ predicate: Predicate<E>, mapping: EntityMapping) throws -> SQLExpression {
        let translator = PredicateTranslator(mapping: mapping, root: predicate.variable.key)
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
        return SQLExpression(sql: quoted(column), column: column)
    }
}

/// A `PredicateExpressions` node with a SQL translation.
protocol SQLTranslatable {
    func sql(_ translator: PredicateTranslator) throws -> SQLExpression
}
