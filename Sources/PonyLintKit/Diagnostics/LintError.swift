/// A problem that stops or degrades a lint run: bad configuration, unreadable input. The CLI exits with 2.
public enum LintError: Error, Equatable, CustomStringConvertible {
    case configuration(path: String, message: String)
    case input(path: String, message: String)

    public var description: String {
        switch self {
        case .configuration(let path, let message): "\(path): error: invalid configuration: \(message)"
        case .input(let path, let message): "\(path): error: \(message)"
        }
    }
}
