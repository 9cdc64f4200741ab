import Foundation

/// Standard output and error, and whether they are terminals.
enum Terminal {
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }

    static func exit(_ code: Int32) -> Never {
        Foundation.exit(code)
    }
}
