import DeviceIO
import Foundation

/// A minimal HTTP/1.1 client over a raw loopback socket (one connection per request, `Connection: close`),
/// so the timings hold no URLSession scheduling, only the server's own work.
enum LoopbackHTTP {
    struct Answer {
        let status: Int
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    static func request(_ method: String, port: Int, _ path: String, json: String? = nil,
                        timeout: Duration = .seconds(10)) throws -> Answer {
        let body = Array((json ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        if json != nil { head += "Content-Type: application/json\r\n" }
        let connection = try TCPConnection(host: "127.0.0.1", port: UInt16(port), timeout: .seconds(2))
        defer { try? connection.close() }
        let deadline = ContinuousClock.now + timeout
        try connection.write(Array((head + "\r\n").utf8) + body, deadline: deadline)
        var received: [UInt8] = []
        while true {
            do {
                let chunk = try connection.read(upTo: 65_536, deadline: deadline)
                if chunk.isEmpty { throw Failure(description: "\(method) \(path): no complete answer within \(timeout)") }
                received += chunk
            } catch DeviceIOError.disconnected {
                break
            }
        }
        return try parse(received, what: "\(method) \(path)")
    }

    private static func parse(_ bytes: [UInt8], what: String) throws -> Answer {
        guard let split = headerEnd(bytes) else { throw Failure(description: "\(what): expected an HTTP answer, found \(bytes.count) bytes without a header end") }
        let head = String(decoding: bytes[..<split], as: UTF8.self).lowercased()
        let statusWords = head.prefix(while: { $0 != "\r" }).split(separator: " ")
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            throw Failure(description: "\(what): expected a status line, found \(head.prefix(40))")
        }
        let rest = Array(bytes[(split + 4)...])
        return Answer(status: status, body: head.contains("transfer-encoding: chunked") ? dechunk(rest) : rest)
    }

    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Chunked transfer coding: `<hex size>\r\n<bytes>\r\n` … `0\r\n\r\n`.
    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            var lineEnd = index
            while lineEnd + 1 < bytes.count, !(bytes[lineEnd] == 13 && bytes[lineEnd + 1] == 10) { lineEnd += 1 }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { break }
            out += bytes[start..<(start + size)]
            index = start + size + 2
        }
        return out
    }
}

/// Reads kioskd's `GET /api/events` stream on its own thread and timestamps every frame as it arrives.
final class EventStreamListener: @unchecked Sendable {
    struct Frame {
        let arrived: ContinuousClock.Instant
        let name: String
        let data: String
    }

    private let condition = NSCondition()
    private var frames: [Frame] = []
    private var stopped = false
    private let connection: TCPConnection

    init(port: Int) throws {
        connection = try TCPConnection(host: "127.0.0.1", port: UInt16(port), timeout: .seconds(2))
        try connection.write(Array("GET /api/events HTTP/1.1\r\nHost: kiosk\r\nAccept: text/event-stream\r\n\r\n".utf8))
        let thread = Thread { [self] in readLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.unlock()
        try? connection.close()
    }

    /// How many frames have arrived so far; pass it to `waitFor` to look only at later ones.
    var mark: Int {
        condition.lock()
        defer { condition.unlock() }
        return frames.count
    }

    /// The newest frames, for error messages.
    func recent(_ count: Int) -> String {
        condition.lock()
        defer { condition.unlock() }
        return frames.suffix(count).map { "\($0.name): \($0.data.prefix(200))" }.joined(separator: "\n")
    }

    /// The first frame after `mark` that `matches`, or nil once `timeout` passes.
    func waitFor(after mark: Int, timeout: Duration, _ matches: (Frame) -> Bool) -> Frame? {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        var next = mark
        condition.lock()
        defer { condition.unlock() }
        while true {
            while next < frames.count {
                if matches(frames[next]) { return frames[next] }
                next += 1
            }
            if stopped || !condition.wait(until: deadline) { return nil }
        }
    }

    private func readLoop() {
        var pending: [UInt8] = []
        var sawHeaders = false
        while true {
            condition.lock()
            let done = stopped
            condition.unlock()
            if done { return }
            guard let chunk = try? connection.read(upTo: 65_536, deadline: .now + .milliseconds(500)) else { break }
            if chunk.isEmpty { continue }
            let arrived = ContinuousClock.now
            pending += chunk
            if !sawHeaders {
                guard let end = LoopbackHTTP.headerEnd(pending) else { continue }
                pending.removeFirst(end + 4)
                sawHeaders = true
            }
            // Chunk-size lines of a chunked body never start with "event:"/"data:", so they are skipped below.
            var parsed: [Frame] = []
            while let end = frameEnd(pending) {
                let text = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeFirst(end + 2)
                var name = ""
                var data = ""
                // `isNewline`: Swift reads "\r\n" (before a chunk-size line) as one character.
                for line in text.split(whereSeparator: \.isNewline) {
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
                }
                if !name.isEmpty { parsed.append(Frame(arrived: arrived, name: name, data: data)) }
            }
            condition.lock()
            frames += parsed
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func frameEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0...(bytes.count - 2) where bytes[index] == 10 && bytes[index + 1] == 10 { return index }
        return nil
    }
}
