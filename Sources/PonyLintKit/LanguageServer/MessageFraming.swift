import Foundation

/// Splits a byte stream into Language Server Protocol messages: `Content-Length: N` (and optional other
/// headers), an empty line, then N bytes of JSON.
///
/// ```swift
/// var framing = MessageFraming()
/// framing.append(Data("Content-Length: 2\r\n\r\n{}".utf8))
/// let message = try framing.next()   // Data("{}".utf8)
/// ```
struct MessageFraming {
    /// A header block the server cannot read: the stream cannot be followed after it.
    struct HeaderError: Error, CustomStringConvertible {
        let description: String
    }

    private var buffer: [UInt8] = []
    /// Headers longer than this are not a client's: refuse them instead of buffering forever.
    private static let maximumHeaderLength = 8_192

    /// The bytes read but not yet consumed.
    var pendingByteCount: Int { buffer.count }

    /// Adds bytes read from the stream.
    mutating func append(_ data: Data) {
        buffer.append(contentsOf: data)
    }

    /// The next complete message, or nil when more bytes are needed.
    mutating func next() throws(HeaderError) -> Data? {
        guard let headerEnd = Self.endOfHeaders(in: buffer) else {
            if buffer.count > Self.maximumHeaderLength {
                throw HeaderError(description: "no end of headers in the first \(Self.maximumHeaderLength) bytes")
            }
            return nil
        }
        let length = try Self.contentLength(String(decoding: buffer[..<headerEnd.start], as: UTF8.self))
        guard buffer.count - headerEnd.bodyStart >= length else { return nil }
        let body = Data(buffer[headerEnd.bodyStart..<(headerEnd.bodyStart + length)])
        buffer.removeFirst(headerEnd.bodyStart + length)
        return body
    }

    /// A message framed for the stream.
    static func frame(_ body: Data) -> Data {
        Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    private static func endOfHeaders(in bytes: [UInt8]) -> (start: Int, bodyStart: Int)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= separator.count else { return nil }
        for index in 0...(bytes.count - separator.count) where bytes[index] == 13 {
            if bytes[index..<(index + 4)].elementsEqual(separator) { return (index, index + 4) }
        }
        return nil
    }

    private static func contentLength(_ headers: String) throws(HeaderError) -> Int {
        var length: Int?
        for line in headers.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw HeaderError(description: "a header line without ':': '\(line)'")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let number = Int(value), number >= 0 else {
                    throw HeaderError(description: "Content-Length is not a length: '\(value)'")
                }
                length = number
            }
        }
        guard let length else { throw HeaderError(description: "a message without Content-Length") }
        return length
    }
}
