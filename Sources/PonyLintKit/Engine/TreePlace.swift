@_spi(RawSyntax) import SwiftSyntax

/// Where a node the raw walk reached sits in its file's tree: the raw node itself and the UTF-8 offset where it
/// starts, its leading trivia included. ``SyntaxLocator`` makes its typed node from it; the raw node's identity
/// tells it apart from the nodes that start at the same offset.
struct TreePlace {
    let raw: RawSyntax
    let offset: Int

    /// The UTF-8 offset just past the node, its trailing trivia included.
    var end: Int { offset + raw.byteLength }

    /// Where the node starts after its leading trivia: where findings about it are reported.
    var position: AbsolutePosition {
        AbsolutePosition(utf8Offset: offset + raw.leadingTriviaByteLength)
    }
}
