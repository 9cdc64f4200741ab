/// Rewrites the `?` parameters Pony's SQL uses into PostgreSQL's `$1`, `$2`, …, leaving string literals,
/// quoted identifiers, dollar-quoted strings and comments alone.
///
/// ```swift
/// let rewritten = PostgresPlaceholders("SELECT * FROM t WHERE a = ? AND b = '?'")
/// // rewritten.sql == "SELECT * FROM t WHERE a = $1 AND b = '?'", rewritten.parameterCount == 1
/// ```
///
/// SQL written with `$n` already passes through unchanged; its parameter count is the highest `n`. A `?` is
/// always a parameter, so PostgreSQL's JSON operators `?`, `?|` and `?&` cannot be written in raw SQL run
/// through Pony: use their functions (`jsonb_exists`, `jsonb_exists_any`, `jsonb_exists_all`).
struct PostgresPlaceholders {
    let sql: String
    let parameterCount: Int

    init(_ source: String) {
        var output: [UInt8] = []
        output.reserveCapacity(source.utf8.count + 8)
        let bytes = Array(source.utf8)
        var questionMarks = 0
        var highestNumbered = 0
        var index = 0

        /// Copies bytes up to and including the end of a quoted run that closes with `quote`; a doubled quote
        /// inside stays inside. `backslashEscapes`: `\` escapes the next byte (`E'…'` strings).
        func copyQuoted(_ quote: UInt8, backslashEscapes: Bool = false) {
            output.append(bytes[index])
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                output.append(byte)
                index += 1
                if backslashEscapes && byte == UInt8(ascii: "\\"), index < bytes.count {
                    output.append(bytes[index])
                    index += 1
                } else if byte == quote {
                    if index < bytes.count && bytes[index] == quote {
                        output.append(quote)
                        index += 1
                    } else {
                        return
                    }
                }
            }
        }

        /// Copies until (and including) `terminator`, or to the end.
        func copy(through terminator: [UInt8]) {
            while index < bytes.count {
                if bytes[index...].starts(with: terminator) {
                    output += terminator
                    index += terminator.count
                    return
                }
                output.append(bytes[index])
                index += 1
            }
        }

        /// `$tag$` (or `$$`) starting at `index`, if one does: the whole delimiter.
        func dollarTag() -> [UInt8]? {
            var end = index + 1
            while end < bytes.count, bytes[end] == UInt8(ascii: "_") || Self.isLetter(bytes[end]) || (end > index + 1 && Self.isDigit(bytes[end])) {
                end += 1
            }
            guard end < bytes.count, bytes[end] == UInt8(ascii: "$") else { return nil }
            return Array(bytes[index...end])
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"):
                let escaped = index > 0 && (bytes[index - 1] == UInt8(ascii: "E") || bytes[index - 1] == UInt8(ascii: "e"))
                copyQuoted(byte, backslashEscapes: escaped)
            case UInt8(ascii: "\""):
                copyQuoted(byte)
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                copy(through: [UInt8(ascii: "\n")])
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                output += [bytes[index], bytes[index + 1]]
                index += 2
                copy(through: Array("*/".utf8))
            case UInt8(ascii: "$"):
                if index + 1 < bytes.count, Self.isDigit(bytes[index + 1]) {
                    var end = index + 1
                    var number = 0
                    while end < bytes.count, Self.isDigit(bytes[end]) {
                        number = min(number * 10 + Int(bytes[end] - UInt8(ascii: "0")), 1 << 20)
                        end += 1
                    }
                    highestNumbered = max(highestNumbered, number)
                    output += bytes[index..<end]
                    index = end
                } else if let tag = dollarTag() {
                    output += tag
                    index += tag.count
                    copy(through: tag)
                } else {
                    output.append(byte)
                    index += 1
                }
            case UInt8(ascii: "?"):
                questionMarks += 1
                output += Array("$\(questionMarks)".utf8)
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        sql = String(decoding: output, as: UTF8.self)
        parameterCount = max(questionMarks, highestNumbered)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte >= 0x80
    }
}
