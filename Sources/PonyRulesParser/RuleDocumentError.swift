/// A problem in a rule file, reported as `Rules/PONY003.md:12: error: …` so editors can jump to it.
public struct RuleDocumentError: Error, Equatable, CustomStringConvertible {
    public var fileName: String
    /// 1-based line, when the problem has one.
    public var line: Int?
    public var message: String

    public init(fileName: String, line: Int? = nil, message: String) {
        self.fileName = fileName
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line {
            return "\(fileName):\(line): error: \(message)"
        }
        return "\(fileName): error: \(message)"
    }
}
