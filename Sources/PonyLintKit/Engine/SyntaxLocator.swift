@_spi(RawSyntax) import SwiftSyntax

/// Makes the typed node (`Syntax`) of a node the raw walk reached, by its depth-first index in the tree.
///
/// It keeps the chain of typed nodes from the root to the last node it made, so the next node — usually a
/// little further along or deeper — is found from their nearest common ancestor, not from the root. Only the
/// nodes on that chain and their direct children are ever made: a typed node costs an allocation in the tree's
/// arena and reference counting, which a raw walk does not pay.
final class SyntaxLocator {
    /// A typed node and the index just past its subtree.
    private struct Link {
        let node: Syntax
        let end: UInt64
    }

    /// From the root down. Only its file's walk uses it (see ``FactCollector`` on the unchecked exclusivity).
    @exclusivity(unchecked) private var chain: [Link]

    init(root: some SyntaxProtocol) {
        chain = [Link(node: Syntax(root), end: .max)]
    }

    /// The node whose depth-first index (``SyntaxIdentifier/indexInTree``, counting every node of the tree) is
    /// `index`.
    func node(at index: UInt64) -> Syntax {
        while chain.count > 1, !Self.contains(chain[chain.count - 1], index) { chain.removeLast() }
        var link = chain[chain.count - 1]
        while Self.index(of: link.node) != index {
            var next: Link?
            var previous: Syntax?
            for child in link.node.children(viewMode: .all) {
                let start = Self.index(of: child)
                if start > index {
                    if let previous { next = Link(node: previous, end: start) }
                    break
                }
                previous = child
            }
            guard let found = next ?? previous.map({ Link(node: $0, end: link.end) }) else {
                preconditionFailure("no node at index \(index) below \(link.node.kind)")
            }
            link = found
            chain.append(link)
        }
        return link.node
    }

    private static func contains(_ link: Link, _ index: UInt64) -> Bool {
        index >= Self.index(of: link.node) && index < link.end
    }

    private static func index(of node: Syntax) -> UInt64 {
        node.id.indexInTree.toOpaque()
    }

    /// How many nodes a raw subtree holds, itself included. The walk counts every subtree it skips this way.
    static func nodeCount(_ raw: RawSyntax) -> UInt64 {
        guard let layout = raw.layoutView else { return 1 }
        return nodeCount(layout)
    }

    /// Tokens, most of the nodes, are counted in the loop rather than by a call each.
    private static func nodeCount(_ layout: RawSyntaxLayoutView) -> UInt64 {
        var count: UInt64 = 1
        for child in layout.children {
            guard let child else { continue }
            if let childLayout = child.layoutView { count += nodeCount(childLayout) } else { count += 1 }
        }
        return count
    }

    /// The depth-first index and position (after leading trivia) of `target`, a node inside `raw`, where `raw`'s index
    /// is `index` and it starts at UTF-8 offset `offset`.
    static func place(of target: RawSyntax, in raw: RawSyntax, index: UInt64, offset: Int) -> (index: UInt64, position: AbsolutePosition) {
        var index = index
        var offset = offset
        var node = raw
        descending: while node.id != target.id {
            index += 1
            for child in node.layoutView!.children {
                guard let child else { continue }
                if contains(child, target) {
                    node = child
                    continue descending
                }
                index += nodeCount(child)
                offset += child.byteLength
            }
            preconditionFailure("\(target.kind) is not inside \(raw.kind)")
        }
        return (index, AbsolutePosition(utf8Offset: offset + target.leadingTriviaByteLength))
    }

    /// Whether `target` is `raw` or inside it.
    private static func contains(_ raw: RawSyntax, _ target: RawSyntax) -> Bool {
        if raw.id == target.id { return true }
        return raw.layoutView?.children.contains { $0.map { contains($0, target) } ?? false } ?? false
    }
}
