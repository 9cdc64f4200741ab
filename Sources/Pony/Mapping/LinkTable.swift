/// The intermediate table of a many-to-many relationship, seen from one of its sides.
///
/// Named as PonyORM names it: the two entity names in alphabetical order (`Post_Tag`), with one column per side
/// named after its entity in lower case (`post`, `tag`). A relationship of an entity with itself is named after
/// the entity and the attribute that comes first alphabetically (`Person_friends`), its columns `person` and
/// `person_2`. Each row is one link; the pair of columns is the primary key. A class: every pending link change
/// holds one, and copying a reference costs one retain where a struct of five strings cost five.
final class LinkTable: Sendable {
    let table: String
    /// The column holding the key of the side this is seen from.
    let ownerColumn: String
    /// The column holding the key of the other side.
    let targetColumn: String
    /// A relationship that is its own inverse (`Person.friends`): a link between two objects is stored in both
    /// directions, so each side finds it through ``ownerColumn``.
    let isSymmetric: Bool
    /// Whether both columns hold keys of the same entity.
    let isSelfRelation: Bool
    /// The SQL that adds a link: the owner's key, then the target's. Adding a link that exists changes nothing.
    let insertSQL: String
    /// The SQL that removes a link: the owner's key, then the target's.
    let deleteSQL: String

    /// The link table between two different entities, seen from `owner`.
    init(between owner: String, and target: String) {
        let names = [owner, target].sorted()
        table = "\(names[0])_\(names[1])"
        ownerColumn = owner.lowercased()
        targetColumn = target.lowercased()
        isSymmetric = false
        isSelfRelation = false
        (insertSQL, deleteSQL) = Self.changeSQL(table, ownerColumn, targetColumn)
    }

    /// The link table of an entity's relationship with itself, seen from `attribute`; `inverse` is the attribute on
    /// the other side, `attribute` itself when the relationship is symmetric.
    init(selfRelationOf entity: String, attribute: String, inverse: String) {
        let first = min(attribute, inverse)
        table = "\(entity)_\(first)"
        let column = entity.lowercased()
        let ownsFirstColumn = attribute == first
        ownerColumn = ownsFirstColumn ? column : "\(column)_2"
        targetColumn = ownsFirstColumn ? "\(column)_2" : column
        isSymmetric = attribute == inverse
        isSelfRelation = true
        (insertSQL, deleteSQL) = Self.changeSQL(table, ownerColumn, targetColumn)
    }

    private static func changeSQL(_ table: String, _ owner: String, _ target: String) -> (insert: String, delete: String) {
        ("INSERT INTO \(quoted(table)) (\(quoted(owner)), \(quoted(target))) VALUES (?, ?) ON CONFLICT DO NOTHING",
         "DELETE FROM \(quoted(table)) WHERE \(quoted(owner)) = ? AND \(quoted(target)) = ?")
    }

    /// The table's two columns in the order `CREATE TABLE` lists them.
    var columns: [String] { [ownerColumn, targetColumn].sorted() }

    /// The SQL that removes every link of one owner (one `?`, its key): in a relationship of an entity with
    /// itself, on either side.
    var deleteOwnerSQL: String {
        let owner = "\(quoted(ownerColumn)) = ?"
        let condition = isSelfRelation ? "\(owner) OR \(quoted(targetColumn)) = ?" : owner
        return "DELETE FROM \(quoted(table)) WHERE \(condition)"
    }

    /// The rows of `target` linked to one owner (one `?`, the owner's key), in key order: `target`'s columns,
    /// then the owner's key (for prefetching, which reads it; a plain load ignores it).
    func selectTargetsSQL(_ target: EntityMapping, ownersIn owners: String? = nil) -> String {
        let link = "pony_link"
        let columns = target.columns.map { "\(quoted(target.table)).\(quoted($0))" } + ["\(link).\(quoted(ownerColumn))"]
        let condition = owners.map { "\(link).\(quoted(ownerColumn)) IN (\($0))" } ?? "\(link).\(quoted(ownerColumn)) = ?"
        return "SELECT \(columns.joined(separator: ", ")) FROM \(quoted(target.table)) JOIN \(quoted(table)) AS \(link) "
            + "ON \(link).\(quoted(targetColumn)) = \(quoted(target.table)).\(quoted(target.keyColumn)) WHERE \(condition) "
            + "ORDER BY \(link).\(quoted(ownerColumn)), \(quoted(target.table)).\(quoted(target.keyColumn))"
    }
}
