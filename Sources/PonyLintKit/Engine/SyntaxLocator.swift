@_spi(RawSyntax) import SwiftSyntax

/// Makes the typed node (`Syntax`) of a node the raw walk reached, from its place in the tree (``TreePlace``).
///
/// It keeps the chain of typed nodes from the root to the last node it made, so the next node — usually a
/// little further along or deeper — is found from their nearest common ancestor, not from the root. Only the
/// nodes on that chain and the children it looked at on the way down are ever made: a typed node costs an
/// allocation in the tree's arena and reference counting, which a raw walk does not pay.
final class SyntaxLocator {
    /// A typed node and the UTF-8 range it spans, trivia included.
    private struct Link {
        let node: Syntax
        let start: Int
        let end: Int
    }

    /// From the root down. Only its file's walk uses it (see ``FactCollector`` on the unchecked exclusivity).
    @exclusivity(unchecked) private var chain: [Link]

    init(root: some SyntaxProtocol) {
        chain = [Link(node: Syntax(root), start: 0, end: .max)]
    }

    /// The typed node of the node at `place`.
    func node(at place: TreePlace) -> Syntax {
        let target = place.raw.id, start = place.offset, end = place.end
        while true {
            let link = chain[chain.count - 1]
            if link.node.raw.id == target { return link.node }
            if link.start <= start, end <= link.end, descend(to: target, start: start, end: end) {
                return chain[chain.count - 1].node
            }
            precondition(chain.count > 1, "no \(place.raw.kind) at offset \(start) in the tree")
            chain.removeLast()
        }
    }

    /// Extends the chain from its last node down to `target`, which spans `start..<end`; false (the chain as it
    /// was) when `target` is not below it. Only a child whose range covers the target's can hold it: for a
    /// target with text that is one child, so the search goes straight down; an empty target at the border of
    /// two children may need both tried.
    private func descend(to target: RawSyntax.ID, start: Int, end: Int) -> Bool {
        for child in chain[chain.count - 1].node.children(viewMode: .all) {
            let childStart = child.position.utf8Offset
            if childStart > start { break }
            let childEnd = childStart + child.raw.byteLength
            guard end <= childEnd else { continue }
            chain.append(Link(node: child, start: childStart, end: childEnd))
            if child.raw.id == target || descend(to: target, start: start, end: end) { return true }
            chain.removeLast()
        }
        return false
    }

    /// The place of `target`, a node inside the node at `place`.
    static func place(of target: RawSyntax, in place: TreePlace) -> TreePlace {
        var offset = place.offset
        var node = place.raw
        descending: while node.id != target.id {
            for child in node.layoutView!.children {
                guard let child else { continue }
                if contains(child, target) {
                    node = child
                    continue descending
                }
                offset += child.byteLength
            }
            preconditionFailure("\(target.kind) is not inside \(place.raw.kind)")
        }
        return TreePlace(raw: target, offset: offset)
    }

    /// Whether `target` is `raw` or inside it.
    private static func contains(_ raw: RawSyntax, _ target: RawSyntax) -> Bool {
        if raw.id == target.id { return true }
        return raw.layoutView?.children.contains { $0.map { contains($0, target) } ?? false } ?? false
    }
}
