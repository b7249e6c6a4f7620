import ControlClient
import Foundation
import Testing

@Suite struct HTTPResponseParserTests {
    private func parse(_ text: String, endOfStream: Bool = false) throws(ControlClientError) -> HTTPResponseParser.Outcome {
        try HTTPResponseParser.parse(Array(text.utf8), endOfStream: endOfStream)
    }

    private func body(of outcome: HTTPResponseParser.Outcome) -> String? {
        guard case let .complete(response) = outcome else { return nil }
        return response.bodyText
    }

    @Test func contentLengthBodyCompletesOnlyWhenAllBytesArrived() throws {
        let full = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"
        for cut in [0, 10, 40, full.utf8.count - 1] {
            #expect(try parse(String(full.utf8.prefix(cut))!) == .needMoreBytes, "cut at \(cut)")
        }
        guard case let .complete(response) = try parse(full) else { Issue.record("incomplete"); return }
        #expect(response.status == 200)
        #expect(response.reason == "OK")
        #expect(response.header("CONTENT-TYPE") == "application/json")
        #expect(response.bodyText == "{\"ok\":true}")
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let head = "HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(try parse(head + "5\r\nhello\r\n") == .needMoreBytes)
        #expect(try parse(head + "5\r\nhello\r\n7;name=x\r\n, kiosk\r\n0\r\n") == .needMoreBytes)
        #expect(body(of: try parse(head + "5\r\nhello\r\n7;name=x\r\n, kiosk\r\n0\r\n\r\n")) == "hello, kiosk")
        #expect(body(of: try parse(head + "A\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n")) == "0123456789")
    }

    @Test func bodyWithoutLengthEndsWithTheConnection() throws {
        let text = "HTTP/1.0 503 Service Unavailable\r\n\r\nout of service"
        #expect(try parse(text) == .needMoreBytes)
        guard case let .complete(response) = try parse(text, endOfStream: true) else { Issue.record("incomplete"); return }
        #expect(response.status == 503)
        #expect(response.bodyText == "out of service")
    }

    @Test func noContentHasNoBody() throws {
        #expect(body(of: try parse("HTTP/1.1 204 No Content\r\n\r\n")) == "")
    }

    @Test func garbageIsRefusedWithWhatWasExpected() {
        #expect(throws: ControlClientError.malformedResponse(expected: "a status line such as 'HTTP/1.1 200 OK'", found: "\"HTTP/1.1 abc\"")) {
            try parse("HTTP/1.1 abc\r\n\r\n")
        }
        #expect(throws: ControlClientError.malformedResponse(expected: "a header line 'Name: value'", found: "\"no colon here\"")) {
            try parse("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")
        }
        #expect(throws: ControlClientError.malformedResponse(expected: "a Content-Length of 0…16777216", found: "\"-1\"")) {
            try parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")
        }
        #expect(throws: ControlClientError.malformedResponse(expected: "a hexadecimal chunk size within the body limit", found: "\"zz\"")) {
            try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        }
        #expect(throws: ControlClientError.malformedResponse(expected: "CRLF after 2 bytes of chunk data", found: "\"xx0\\r\\n\\r\\n\"")) {
            try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabxx0\r\n\r\n")
        }
        #expect(throws: ControlClientError.malformedResponse(expected: "a complete HTTP response header", found: "no bytes at all")) {
            try parse("", endOfStream: true)
        }
        #expect(throws: ControlClientError.malformedResponse(expected: "a chunked body ending in a zero-length chunk", found: "the connection closed first")) {
            try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", endOfStream: true)
        }
    }

    @Test func oversizedChunkSizeDoesNotOverflow() {
        #expect(throws: ControlClientError.self) {
            try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n")
        }
    }
}
