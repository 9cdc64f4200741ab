import SwiftSyntax

/// How an expression is written, without trivia — the same text as `trimmedDescription`, but built from
/// token texts for the common shapes (`db`, `db.session`, `self.db.session`) instead of copying the
/// subtree, which allocates a new syntax arena per call and dominated session-dense files.
enum CompactSpelling {
    static func of(_ expression: ExprSyntax) -> String {
        var names: [String] = []
        var node = expression
        while true {
            if let reference = node.as(DeclReferenceExprSyntax.self), reference.argumentNames == nil {
                names.append(reference.baseName.text)
                return names.reversed().joined(separator: ".")
            }
            guard let member = node.as(MemberAccessExprSyntax.self), member.declName.argumentNames == nil,
                  let base = member.base
            else { break }
            names.append(member.declName.baseName.text)
            node = base
        }
        // Anything else (calls, subscripts, optional chains, leading-dot members): the general, slower way.
        return ([node.trimmedDescription] + names.reversed()).joined(separator: ".")
    }
}
