/// The walk's stack of enclosing nodes: pushed and popped once for every node of the tree, so it is a buffer of its
/// own rather than an array, which checks that its storage is unique on every change. It allocates on its first push;
/// the walk deallocates it when it ends.
struct AncestorStack {
    typealias Element = SessionWalker.Ancestor

    private var base: UnsafeMutablePointer<Element>?
    private var capacity = 0
    private(set) var count = 0

    var last: Element? { count > 0 ? base![count - 1] : nil }

    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "ancestor \(index) of \(count)")
        return base![index]
    }

    /// The ancestors from the innermost out.
    var innermostFirst: some Sequence<Element> {
        stride(from: count - 1, through: 0, by: -1).lazy.map { [base] in base![$0] }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base! + count).initialize(to: element)
        count += 1
    }

    @inline(never)
    private mutating func grow() {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: max(64, capacity * 2))
        if let base {
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        (base, capacity) = (grown, max(64, capacity * 2))
    }

    mutating func removeLast() {
        precondition(count > 0, "no ancestor to remove")
        count -= 1
        (base! + count).deinitialize(count: 1)
    }

    /// Frees the buffer; the stack is empty again.
    mutating func deallocate() {
        base?.deinitialize(count: count)
        base?.deallocate()
        (base, capacity, count) = (nil, 0, 0)
    }
}
