@_spi(RawSyntax) import SwiftSyntax

extension AncestorStack {
    /// The last token before `node`, whose enclosing nodes these are, in source order, missing tokens left out: the
    /// last present token of the nearest sibling before it, or before an enclosing node; nil at the file's start.
    ///
    /// Looked up only when a session call asks whether `await` comes right before it
    /// (``SessionWalker``), so the walk does not keep track of tokens as it goes.
    func tokenBefore(_ node: RawSyntax) -> RawSyntaxTokenView? {
        var node = node
        for ancestor in innermostFirst {
            let siblings = ancestor.raw.layoutView!.children
            if let position = siblings.firstIndex(where: { $0?.id == node.id }) {
                for sibling in siblings[..<position].reversed() {
                    if let sibling, let token = Self.lastPresentToken(in: sibling) { return token }
                }
            }
            node = ancestor.raw
        }
        return nil
    }

    private static func lastPresentToken(in raw: RawSyntax) -> RawSyntaxTokenView? {
        guard let layout = raw.layoutView else {
            let token = raw.tokenView!
            return token.presence == .present ? token : nil
        }
        for child in layout.children.reversed() {
            if let child, let token = lastPresentToken(in: child) { return token }
        }
        return nil
    }
}
