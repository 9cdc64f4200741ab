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
        // The chain of member names is read twice: once to find its root and measure it, once to write it into
        // one string from the end (no array of names, no joining).
        var length = 0
        var node = expression
        let root: [UInt8]?
        let rootName: SyntaxText
        while true {
            if let reference = node.as(RawDeclReferenceExprSyntax.self), reference.argumentNames == nil {
                (root, rootName) = (nil, reference.baseName.tokenText)
                break
            }
            guard let (name, base) = member(node) else {
                // Anything else (calls, subscripts, optional chains, leading-dot members): its text without the
                // trivia around it.
                (root, rootName) = (trimmedText(of: node.raw), "")
                break
            }
            length += 1 + name.count
            node = base
        }
        let rootLength = root?.count ?? rootName.count
        return String(unsafeUninitializedCapacity: rootLength + length) { buffer in
            var end = rootLength + length
            var node = expression
            while end > rootLength, let (name, base) = member(node) {
                end -= name.count
                _ = UnsafeMutableBufferPointer(rebasing: buffer[end...]).initialize(from: name)
                end -= 1
                buffer[end] = UInt8(ascii: ".")
                node = base
            }
            if let root {
                _ = buffer.initialize(from: root)
            } else {
                _ = buffer.initialize(from: rootName)
            }
            return rootLength + length
        }
    }

    /// `base.name`, when `expression` is a member access with a base and a plain name.
    private static func member(_ expression: RawExprSyntax) -> (name: SyntaxText, base: RawExprSyntax)? {
        guard let member = expression.as(RawMemberAccessExprSyntax.self), member.declName.argumentNames == nil,
              let base = member.base
        else { return nil }
        return (member.declName.baseName.tokenText, base)
    }

    /// `trimmedDescription` of a raw node: its source text without its first token's leading trivia and its last
    /// token's trailing trivia.
    private static func trimmedText(of raw: RawSyntax) -> [UInt8] {
        let bytes = raw.syntaxTextBytes
        let end = max(raw.leadingTriviaByteLength, bytes.count - raw.trailingTriviaByteLength)
        return Array(bytes[raw.leadingTriviaByteLength..<end])
    }
}
