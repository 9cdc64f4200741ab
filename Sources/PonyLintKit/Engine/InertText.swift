#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Spans of a file's text that cannot hold anything the walk acts on, so the walk steps over the expressions there
/// instead of entering them: on session-dense code about a third of the nodes it would enter.
///
/// In a tree without errors, every call has a `(` or a trailing closure's `{`, every closure a `{`, every `#if` a
/// `#`, and every `await` expression the word `await`: an expression whose text has none of them holds no call,
/// closure, `#if` or suspension. Declarations and statements (`let`, `return`, `for`) sit in blocks or members,
/// which ``SessionWalker`` never screens. Where the parser recovered from an error, a token may be missing from the
/// text while its node is in the tree, so a file with errors is not screened at all.
///
/// The walk asks about nodes in the order they start, so the search for the next mark only moves forward: each byte
/// of the file is read at most once.
struct InertText {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Where the last search started, and the first mark at or after it (`bytes.count` if none).
    private var searchedFrom = 0
    private var nextMark = -1

    /// `bytes` must outlive the walk and be followed by a NUL byte (a C string's); empty (nothing is inert) for a
    /// file the screen must not trust.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// No text: nothing is inert.
    static var unbound: InertText { InertText(UnsafeBufferPointer(start: nil, count: 0)) }

    /// Whether nothing in `start..<end` is a `(`, `{`, `#` or the start of `await`.
    mutating func isInert(from start: Int, to end: Int) -> Bool {
        guard !bytes.isEmpty else { return false }
        if start < searchedFrom || nextMark < start {
            searchedFrom = start
            nextMark = Self.mark(in: bytes, from: start)
        }
        return nextMark >= end
    }

    /// The first mark at or after `start`, or `bytes.count`. `strcspn` finds each candidate byte (`(`, `{`, `#`,
    /// or the `w` of `await`); it stops early at a NUL byte in the text, which then counts as a mark.
    private static func mark(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let base = bytes.baseAddress!
        let count = bytes.count
        var offset = start
        while offset < count {
            offset += strcspn(UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self), "({#w")
            // `strcspn` stops at the NUL after the text at the latest.
            guard offset < count, base[offset] == UInt8(ascii: "w") else { return offset }
            if offset >= 1, offset + 3 < count, base[offset - 1] == UInt8(ascii: "a"), base[offset + 1] == UInt8(ascii: "a"),
               base[offset + 2] == UInt8(ascii: "i"), base[offset + 3] == UInt8(ascii: "t") {
                return offset - 1
            }
            offset += 1
        }
        return count
    }
}
