@_spi(RawSyntax) import SwiftSyntax

/// How an expression is written, without trivia — the same text as `trimmedDescription`, but built from
/// token texts for the common shapes (`db`, `db.session`, `self.db.session`) instead of copying the
/// subtree, which allocates a new syntax arena per call and dominated session-dense files. It reads the raw
/// tree, so the walk spells a call without making its typed nodes.
enum CompactSpelling {
    static func of(_ expression: ExprSyntax) -> String {
        of(RawExprSyntax(expression.raw)!)
    }

    static func of(_ expression: RawExprSyntax) -> String {
        var names: [String] = []
        var node = expression
        while true {
            if let reference = node.as(RawDeclReferenceExprSyntax.self), reference.argumentNames == nil {
                names.append(String(syntaxText: reference.baseName.tokenText))
                return names.reversed().joined(separator: ".")
            }
            guard let member = node.as(RawMemberAccessExprSyntax.self), member.declName.argumentNames == nil,
                  let base = member.base
            else { break }
            names.append(String(syntaxText: member.declName.baseName.tokenText))
            node = base
        }
        // Anything else (calls, subscripts, optional chains, leading-dot members): its text without the trivia
        // around it.
        return ([trimmedText(of: node.raw)] + names.reversed()).joined(separator: ".")
    }

    /// `trimmedDescription` of a raw node: its source text without its first token's leading trivia and its last
    /// token's trailing trivia.
    private static func trimmedText(of raw: RawSyntax) -> String {
        let bytes = raw.syntaxTextBytes
        let end = max(raw.leadingTriviaByteLength, bytes.count - raw.trailingTriviaByteLength)
        return String(decoding: bytes[raw.leadingTriviaByteLength..<end], as: UTF8.self)
    }
}
