/// Entity hooks, PonyORM's `before_insert`, `after_insert`, `before_update`, `after_update`, `before_delete` and
/// `after_delete`: declare any of them in an `@Entity` class and the session calls it while it writes the object.
///
/// ```swift
/// @Entity final class Article {
///     var title: String
///     var slug: String = ""
///     var updates: Int = 0
///     init(title: String) { self.title = title }
///
///     func beforeInsert() throws { slug = title.lowercased().replacingOccurrences(of: " ", with: "-") }
///     func beforeUpdate() throws { updates += 1 }
///     func beforeDelete() throws {
///         if title == "Home" { throw AppError.protected }   // rolls the whole session back
///     }
/// }
/// ```
///
/// When each runs, always inside the session and on its thread:
/// - `beforeInsert` / `afterInsert`: when the session flushes the new object (before a query, at commit, or on
///   `db.flush()`), just before and just after its INSERT;
/// - `beforeUpdate` / `afterUpdate`: when the session flushes an object with assigned attributes, just before and
///   just after its UPDATE;
/// - `beforeDelete` / `afterDelete`: in `delete()`, before the delete rules of its relationships and just after
///   its row is deleted. An object deleted before it was ever inserted is inserted first, so its insert hooks run.
///
/// A before-hook can change the object: what it assigns is written by the same INSERT or UPDATE. Any hook can
/// create, change or delete other objects; the flush goes on until nothing is pending. A hook that throws stops
/// the flush and the error reaches the caller: the session (or `@DBSession` function) rolls back, as in PonyORM.
extension Entity {
    public func beforeInsert() throws {}
    public func afterInsert() throws {}
    public func beforeUpdate() throws {}
    public func afterUpdate() throws {}
    public func beforeDelete() throws {}
    public func afterDelete() throws {}
}
