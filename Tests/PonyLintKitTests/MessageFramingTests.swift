import Foundation
@testable import PonyLintKit
import Testing

@Suite("Language server: message framing")
struct MessageFramingTests {
    @Test func aMessageSplitAcrossReadsIsReturnedWhenComplete() throws {
        var framing = MessageFraming()
        let framed = MessageFraming.frame(Data(#"{"id":1}"#.utf8))
        framing.append(framed.prefix(10))
        #expect(try framing.next() == nil)
        framing.append(framed.dropFirst(10).prefix(15))
        #expect(try framing.next() == nil)
        framing.append(framed.dropFirst(25))
        #expect(try framing.next() == Data(#"{"id":1}"#.utf8))
        #expect(framing.pendingByteCount == 0)
    }

    @Test func severalMessagesInOneReadAreReturnedInOrder() throws {
        var framing = MessageFraming()
        framing.append(MessageFraming.frame(Data("[1]".utf8)) + MessageFraming.frame(Data("[2]".utf8)))
        #expect(try framing.next() == Data("[1]".utf8))
        #expect(try framing.next() == Data("[2]".utf8))
        #expect(try framing.next() == nil)
    }

    @Test func headerNamesIgnoreCaseAndOtherHeadersAreSkipped() throws {
        var framing = MessageFraming()
        framing.append(Data("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".utf8))
        #expect(try framing.next() == Data("{}".utf8))
    }

    @Test func theLengthCountsBytesNotCharacters() throws {
        var framing = MessageFraming()
        let body = Data(#"{"text":"café ☕"}"#.utf8)
        framing.append(MessageFraming.frame(body) + Data("Content-Length: 2\r\n\r\n{}".utf8))
        #expect(try framing.next() == body)
        #expect(try framing.next() == Data("{}".utf8))
    }

    @Test func aMessageWithoutContentLengthIsAnError() {
        var framing = MessageFraming()
        framing.append(Data("Content-Type: x\r\n\r\n{}".utf8))
        #expect(throws: MessageFraming.HeaderError.self) { try framing.next() }
    }

    @Test func aContentLengthThatIsNotANumberIsAnErrorQuotingIt() {
        var framing = MessageFraming()
        framing.append(Data("Content-Length: ten\r\n\r\n{}".utf8))
        #expect { try framing.next() } throws: { "\($0)".contains("'ten'") }
    }

    @Test func endlessHeadersAreRefusedInsteadOfBuffered() {
        var framing = MessageFraming()
        framing.append(Data(repeating: UInt8(ascii: "x"), count: 10_000))
        #expect(throws: MessageFraming.HeaderError.self) { try framing.next() }
    }
}
