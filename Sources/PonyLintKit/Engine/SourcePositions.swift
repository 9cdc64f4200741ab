/// All a finding needs from its file once the walk is over: the path, where an offset falls, and the text of a
/// line. A file read now answers from its text; a cached file answers from what was recorded when it was.
protocol SourcePositions: Sendable {
    var path: String { get }
    /// 1-based line and UTF-8 column of a UTF-8 offset.
    func location(ofOffset offset: Int) -> (line: Int, column: Int)
    /// The text of a 1-based line, without its line break.
    func line(_ number: Int) -> String
}

extension SourceFile: SourcePositions {
    func location(ofOffset offset: Int) -> (line: Int, column: Int) {
        location(of: .init(utf8Offset: offset))
    }
}

/// The locations of some offsets of a file and the text of some of its lines, recorded so a cached file's
/// deferred findings and directives can be reported without reading it again.
struct RecordedPositions: SourcePositions, Codable {
    struct Location: Codable, Sendable {
        let line: Int
        let column: Int
    }

    let path: String
    private let locations: [Int: Location]
    private let lines: [Int: String]

    /// Records where each of `offsets` falls in `source`, and the text of their lines and of `extraLines`.
    init(from source: some SourcePositions, offsets: [Int], extraLines: [Int]) {
        path = source.path
        var locations: [Int: Location] = [:]
        for offset in offsets {
            let location = source.location(ofOffset: offset)
            locations[offset] = Location(line: location.line, column: location.column)
        }
        self.locations = locations
        var lines: [Int: String] = [:]
        for number in locations.values.map(\.line) + extraLines { lines[number] = source.line(number) }
        self.lines = lines
    }

    func location(ofOffset offset: Int) -> (line: Int, column: Int) {
        // Only recorded offsets are asked for: the cache holds them for every deferred finding.
        guard let location = locations[offset] else { return (0, 0) }
        return (location.line, location.column)
    }

    func line(_ number: Int) -> String {
        lines[number] ?? ""
    }
}
