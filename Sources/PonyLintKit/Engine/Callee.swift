/// What a call invokes, by name: `session` and a member in `db.session { }`, `Task` and not a member in `Task { }`.
///
/// A struct rather than a tuple: every call has one, and an optional tuple is copied through the run time's
/// generic value witnesses (about 190 instructions a copy, by callgrind), an optional struct inline.
struct Callee: Sendable {
    /// The member or function name.
    let name: String
    /// Whether it is called as a member (`x.name(…)`).
    let isMember: Bool
}
