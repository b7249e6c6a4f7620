import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Listens to kioskd's `GET /api/events` (server-sent events) on a plain socket in a background thread and
/// keeps every event, so steps can expect notices that no request answered (a note returned, a card declined).
final class EventStreamReader: @unchecked Sendable {
    struct Event: Sendable {
        let kind: String
        let data: JSONValue
    }

    // Safety: `events` and `closed` are only touched with `lock` held; `fd` is set once before the thread starts.
    private let lock = NSLock()
    private var events: [Event] = []
    private var closed = false
    private let fd: Int32

    /// Connects to `host:port` (loopback IPv4) and starts reading.
    init(host: String, port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ScenarioHTTP.Failure(description: "cannot open a socket for the event stream") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw ScenarioHTTP.Failure(description: "cannot connect to kioskd's event stream at \(host):\(port)")
        }
        let request = "GET /api/events HTTP/1.1\r\nHost: \(host)\r\nAccept: text/event-stream\r\n\r\n"
        _ = Array(request.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let thread = Thread { [self] in readLoop() }
        thread.start()
    }

    deinit { stop() }

    func stop() {
        lock.lock()
        let wasClosed = closed
        closed = true
        lock.unlock()
        if !wasClosed { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return events.count
    }

    func events(from index: Int) -> [Event] {
        lock.lock()
        defer { lock.unlock() }
        return Array(events.dropFirst(index))
    }

    private func readLoop() {
        var decoder = EventStreamDecoder()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard got > 0 else { return }
            let parsed = decoder.feed(buffer[0..<got])
            lock.lock()
            events += parsed
            lock.unlock()
        }
    }
}

/// Turns the raw bytes of an SSE response (headers, then a body that may be chunked) into events.
struct EventStreamDecoder {
    private var pending: [UInt8] = []
    private var headersDone = false
    private var chunked = false
    private var chunkLeft = 0
    private var body: [UInt8] = []
    private var kind = "message"
    private var dataLines: [String] = []

    mutating func feed(_ bytes: ArraySlice<UInt8>) -> [EventStreamReader.Event] {
        pending += bytes
        if !headersDone {
            guard let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) else { return [] }
            let headers = String(decoding: pending[..<end.lowerBound], as: UTF8.self).lowercased()
            chunked = headers.contains("transfer-encoding: chunked")
            pending.removeSubrange(..<end.upperBound)
            headersDone = true
        }
        if chunked { dechunk() } else { body += pending; pending = [] }
        return takeEvents()
    }

    private mutating func dechunk() {
        while !pending.isEmpty {
            if chunkLeft > 0 {
                let take = min(chunkLeft, pending.count)
                body += pending[..<take]
                pending.removeFirst(take)
                chunkLeft -= take
                continue
            }
            // Between chunks: optional CRLF after the previous chunk, then "SIZE\r\n".
            if pending.starts(with: [13, 10]) { pending.removeFirst(2); continue }
            guard let lineEnd = pending.firstRange(of: [13, 10]) else { return }
            let sizeText = String(decoding: pending[..<lineEnd.lowerBound], as: UTF8.self)
            pending.removeSubrange(..<lineEnd.upperBound)
            chunkLeft = Int(sizeText.split(separator: ";").first ?? "", radix: 16) ?? 0
        }
    }

    private mutating func takeEvents() -> [EventStreamReader.Event] {
        var events: [EventStreamReader.Event] = []
        while let newline = body.firstIndex(of: 10) {
            var line = String(decoding: body[..<newline], as: UTF8.self)
            body.removeSubrange(...newline)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty {
                if !dataLines.isEmpty, let data = try? JSONValue.parse(Data(dataLines.joined(separator: "\n").utf8)) {
                    events.append(EventStreamReader.Event(kind: kind, data: data))
                }
                kind = "message"
                dataLines = []
            } else if line.hasPrefix("event:") {
                kind = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("data:") {
                dataLines.append(String(line.dropFirst(5).drop { $0 == " " }))
            }
        }
        return events
    }
}
