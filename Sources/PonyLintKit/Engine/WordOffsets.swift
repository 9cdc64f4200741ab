/// Where a file's text mentions some words: the UTF-8 offsets at which any of them starts, in order. Found once per
/// file by a byte search, then asked for each syntax node (does the word occur anywhere inside it?) by a binary
/// search — so a check that needs the word, such as finding `openSession()` among a block's statements, is skipped
/// for every block that cannot contain it.
struct WordOffsets {
    private let offsets: [Int]

    init(of words: [String], in text: String) {
        var text = text
        offsets = text.withUTF8 { haystack in
            words.flatMap { word in
                var word = word
                return word.withUTF8 { Self.offsets(of: $0, in: haystack) }
            }
        }.sorted()
    }

    /// Whether one of the words starts within `range` (UTF-8 offsets).
    func occurs(in range: Range<Int>) -> Bool {
        var low = 0, high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < offsets.count && offsets[low] < range.upperBound
    }

    private static func offsets(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> [Int] {
        var found: [Int] = []
        while let position = SourceFile.offset(of: needle, in: haystack, from: (found.last ?? -1) + 1) {
            found.append(position)
        }
        return found
    }
}
