import Foundation

/// A JSON-RPC 2.0 request or response id: a number or a string (also what LSP allows as a diagnostic code).
enum JSONRPCID: Codable, Hashable, Sendable {
    case number(Int)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }
}

/// What every incoming message has: a request has an id and a method, a notification a method only, a
/// response (to a request of ours) an id only. Its `params` are decoded once the method is known.
struct IncomingMessage: Decodable {
    let id: JSONRPCID?
    let method: String?

    /// The message's `params`, decoded as `Params`.
    struct Parameters<Params: Decodable>: Decodable {
        let params: Params
    }
}

/// A JSON-RPC error code and message.
struct ResponseError: Error, Encodable, Equatable {
    let code: Int
    let message: String

    static func parseError(_ message: String) -> ResponseError { ResponseError(code: -32700, message: message) }
    static func invalidRequest(_ message: String) -> ResponseError { ResponseError(code: -32600, message: message) }
    static func methodNotFound(_ method: String) -> ResponseError {
        ResponseError(code: -32601, message: "method not found: \(method)")
    }
    static func invalidParams(_ message: String) -> ResponseError { ResponseError(code: -32602, message: message) }
    static let serverNotInitialized = ResponseError(code: -32002, message: "the server is not initialized: send 'initialize' first")
}

/// An outgoing message, encoded as JSON.
enum OutgoingMessage {
    /// A response with a result; `nil` is sent as `"result": null`, as LSP requires.
    static func response(id: JSONRPCID?, result: (any Encodable)?) -> Data {
        encode(ResultResponse(id: id, result: result.map(AnyEncodable.init)))
    }

    static func error(id: JSONRPCID?, _ error: ResponseError) -> Data {
        encode(ErrorResponse(id: id, error: error))
    }

    static func notification(_ method: String, _ params: some Encodable) -> Data {
        encode(Notification(method: method, params: params))
    }

    private struct ResultResponse: Encodable {
        let id: JSONRPCID?
        let result: AnyEncodable?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode("2.0", forKey: .jsonrpc)
            try container.encode(id, forKey: .id)
            try container.encode(result, forKey: .result)
        }

        enum Key: String, CodingKey { case jsonrpc, id, result }
    }

    private struct ErrorResponse: Encodable {
        let jsonrpc = "2.0"
        let id: JSONRPCID?
        let error: ResponseError

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(jsonrpc, forKey: .jsonrpc)
            try container.encode(id, forKey: .id)
            try container.encode(error, forKey: .error)
        }

        enum Key: String, CodingKey { case jsonrpc, id, error }
    }

    private struct Notification<Params: Encodable>: Encodable {
        let jsonrpc = "2.0"
        let method: String
        let params: Params
    }

    private struct AnyEncodable: Encodable {
        let value: any Encodable
        init(_ value: any Encodable) { self.value = value }
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    private static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every value sent is made of strings, numbers and arrays of them: encoding cannot fail.
        return (try? encoder.encode(value)) ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"cannot encode the response"}}"#.utf8)
    }
}
