/// A code example from a rule file, with its position markers taken out.
///
/// Rule examples mark each position where the rule must report with a keycap digit, the way
/// swift-syntax's own tests do:
///
/// ```swift
/// let session = try 1️⃣db.openSession()
/// ```
///
/// `source` is the code without the markers; `markers` are where they stood, as 1-based line and
/// UTF-8 column, the same coordinates `SourceLocationConverter` reports.
public struct ExampleDocument: Equatable, Sendable {
    public var source: String
    public var markers: [ExampleMarker]

    /// The keycap digits 1️⃣ … 9️⃣ that mark reported positions.
    public static let markerSymbols: [String] = (1...9).map { "\($0)\u{FE0F}\u{20E3}" }

    public init(source: String, markers: [ExampleMarker]) {
        self.source = source
        self.markers = markers
    }

    /// Splits marked source into plain source and marker positions.
    public init(markedSource: String) {
        var source = ""
        var markers: [ExampleMarker] = []
        var line = 1
        var column = 1
        for character in markedSource {
            let text = String(character)
            if let index = Self.markerSymbols.firstIndex(of: text) {
                markers.append(ExampleMarker(number: index + 1, line: line, column: column))
                continue
            }
            source.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += text.utf8.count
            }
        }
        self.source = source
        self.markers = markers.sorted { $0.number < $1.number }
    }
}

/// Where a 1️⃣-style marker stood in an example.
public struct ExampleMarker: Equatable, Sendable {
    /// 1 for 1️⃣, 2 for 2️⃣, …
    public var number: Int
    public var line: Int
    public var column: Int

    public init(number: Int, line: Int, column: Int) {
        self.number = number
        self.line = line
        self.column = column
    }
}
