import Foundation

/// Parses an HTTP/1.1 response from bytes received so far. Pure: the client feeds it what it read and
/// learns whether the response is complete. Bodies are delimited by Content-Length, chunked encoding,
/// or (when neither is present) the end of the connection.
public enum HTTPResponseParser {
    public enum Outcome: Sendable, Equatable {
        case needMoreBytes
        case complete(ControlResponse)
    }

    /// Header sections beyond this are not a kioskd answer.
    public static let maximumHeaderBytes = 64 * 1024
    /// Bodies beyond this are refused rather than buffered.
    public static let maximumBodyBytes = 16 * 1024 * 1024

    /// - Parameters:
    ///   - bytes: everything received so far.
    ///   - endOfStream: true once the peer closed its side; a body without a length ends there.
    public static func parse(_ bytes: [UInt8], endOfStream: Bool) throws(ControlClientError) -> Outcome {
        guard let headerEnd = find([13, 10, 13, 10], in: bytes, from: 0) else {
            guard bytes.count <= maximumHeaderBytes else {
                throw malformed("a header section of at most \(maximumHeaderBytes) bytes", "more than that")
            }
            if endOfStream {
                throw malformed("a complete HTTP response header", bytes.isEmpty ? "no bytes at all" : preview(bytes))
            }
            return .needMoreBytes
        }
        let head = try decodeHead(Array(bytes[0..<headerEnd]))
        let bodyStart = headerEnd + 4
        let rest = Array(bytes[bodyStart...])
        let body: Data
        if head.status == 204 || head.status == 304 || (100..<200).contains(head.status) {
            body = Data()
        } else if let encoding = head.value(of: "transfer-encoding"), encoding.lowercased().contains("chunked") {
            guard let decoded = try decodeChunked(rest) else {
                if endOfStream { throw malformed("a chunked body ending in a zero-length chunk", "the connection closed first") }
                return .needMoreBytes
            }
            body = decoded
        } else if let lengthText = head.value(of: "content-length") {
            guard let length = Int(lengthText.trimmingCharacters(in: .whitespaces)), length >= 0,
                  length <= maximumBodyBytes
            else { throw malformed("a Content-Length of 0…\(maximumBodyBytes)", lengthText.debugDescription) }
            guard rest.count >= length else {
                if endOfStream { throw malformed("\(length) body bytes", "\(rest.count) before the connection closed") }
                return .needMoreBytes
            }
            body = Data(rest.prefix(length))
        } else {
            guard rest.count <= maximumBodyBytes else {
                throw malformed("a body of at most \(maximumBodyBytes) bytes", "more than that")
            }
            guard endOfStream else { return .needMoreBytes }
            body = Data(rest)
        }
        return .complete(ControlResponse(status: head.status, reason: head.reason, headers: head.headers, body: body))
    }

    private struct Head {
        let status: Int
        let reason: String
        let headers: [ControlResponse.Header]

        func value(of lowercasedName: String) -> String? {
            headers.first { $0.name.lowercased() == lowercasedName }?.value
        }
    }

    private static func decodeHead(_ bytes: [UInt8]) throws(ControlClientError) -> Head {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.first ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3,
              let status = Int(parts[1]), (100...599).contains(status)
        else { throw malformed("a status line such as 'HTTP/1.1 200 OK'", statusLine.debugDescription) }
        var headers: [ControlResponse.Header] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw malformed("a header line 'Name: value'", line.debugDescription)
            }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append(.init(name: name, value: value))
        }
        return Head(status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers)
    }

    /// The decoded body, or nil while the final zero-length chunk has not arrived yet.
    private static func decodeChunked(_ bytes: [UInt8]) throws(ControlClientError) -> Data? {
        var body = Data()
        var position = 0
        while true {
            guard let lineEnd = find([13, 10], in: bytes, from: position) else {
                guard bytes.count - position <= 1024 else { throw malformed("a chunk size line", preview(Array(bytes[position...]))) }
                return nil
            }
            let sizeLine = String(decoding: bytes[position..<lineEnd], as: UTF8.self)
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0,
                  size <= maximumBodyBytes - body.count
            else { throw malformed("a hexadecimal chunk size within the body limit", sizeLine.debugDescription) }
            let dataStart = lineEnd + 2
            if size == 0 {
                // Optional trailers, then an empty line.
                guard let trailerEnd = find([13, 10], in: bytes, from: dataStart) else { return nil }
                if trailerEnd == dataStart { return body }
                guard find([13, 10, 13, 10], in: bytes, from: dataStart) != nil else { return nil }
                return body
            }
            guard bytes.count >= dataStart + size + 2 else { return nil }
            guard bytes[dataStart + size] == 13, bytes[dataStart + size + 1] == 10 else {
                throw malformed("CRLF after \(size) bytes of chunk data", preview(Array(bytes[(dataStart + size)...])))
            }
            body.append(contentsOf: bytes[dataStart..<(dataStart + size)])
            position = dataStart + size + 2
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard start >= 0, needle.count > 0, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func preview(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(60), as: UTF8.self).debugDescription + (bytes.count > 60 ? "…" : "")
    }

    private static func malformed(_ expected: String, _ found: String) -> ControlClientError {
        .malformedResponse(expected: expected, found: found)
    }
}
