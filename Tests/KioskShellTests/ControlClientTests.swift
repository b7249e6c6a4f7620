@testable import ControlClient
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1))) struct ControlClientTests {
    @Test func noSocketMeansDaemonNotRunning() throws {
        let path = "/tmp/ks-no-such-dir/control.sock"
        #expect(throws: ControlClientError.daemonNotRunning(socketPath: path, staleSocketFile: false)) {
            try ControlClient(socketPath: path).get("/status")
        }
        #expect(ControlClientError.daemonNotRunning(socketPath: path, staleSocketFile: false).description
            == "kioskd is not running (no socket at /tmp/ks-no-such-dir/control.sock)")
    }

    @Test func leftOverSocketFileMeansDaemonNotRunning() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        try RawUnixListener(path: path, listening: false).closeSocket()
        #expect(throws: ControlClientError.daemonNotRunning(socketPath: path, staleSocketFile: true)) {
            try ControlClient(socketPath: path).get("/status")
        }
    }

    @Test func silentDaemonTimesOut() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        let listener = try RawUnixListener(path: path)  // the kernel accepts into the backlog; nobody answers
        defer { listener.closeSocket() }
        let started = ContinuousClock.now
        let outcome = try await onOwnThread {
            Result { () throws(ControlClientError) in try ControlClient(socketPath: path, timeout: .milliseconds(200)).get("/status") }
        }
        #expect(throws: ControlClientError.timedOut(socketPath: path, after: .milliseconds(200))) { try outcome.get() }
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        #expect(ControlClientError.timedOut(socketPath: path, after: .milliseconds(200)).description
            == "kioskd did not answer on \(path) within 200 ms")
    }

    @Test func garbageAnswerIsMalformed() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        let listener = try RawUnixListener(path: path)
        defer { listener.closeSocket() }
        async let served: Void = onOwnThread { try listener.answerOnce(with: Array("SSH-2.0-OpenSSH\r\n\r\n".utf8)) }
        let outcome = try await onOwnThread {
            Result { () throws(ControlClientError) in try ControlClient(socketPath: path, timeout: .seconds(5)).get("/status") }
        }
        try await served
        #expect(throws: ControlClientError.malformedResponse(expected: "a status line such as 'HTTP/1.1 200 OK'",
                                                             found: "\"SSH-2.0-OpenSSH\"")) { try outcome.get() }
    }

    @Test func truncatedBodyIsMalformed() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("control.sock")
        let listener = try RawUnixListener(path: path)
        defer { listener.closeSocket() }
        async let served: Void = onOwnThread {
            try listener.answerOnce(with: Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"a\"".utf8))
        }
        let outcome = try await onOwnThread {
            Result { () throws(ControlClientError) in try ControlClient(socketPath: path, timeout: .seconds(5)).get("/status") }
        }
        try await served
        #expect(throws: ControlClientError.malformedResponse(expected: "10 body bytes", found: "4 before the connection closed")) {
            try outcome.get()
        }
    }

    @Test func requestIsMinimalHTTP11() throws {
        let body = Data("{\"x\":1}".utf8)
        let bytes = try ControlClient.requestBytes(method: "POST", path: "/service/out", body: body)
        #expect(String(decoding: bytes, as: UTF8.self) == "POST /service/out HTTP/1.1\r\nHost: kioskd\r\nConnection: close\r\n"
            + "Accept: application/json\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"x\":1}")
        #expect(throws: ControlClientError.invalidRequest("expected a request path starting with / and without spaces, found \"status now\"")) {
            try ControlClient(socketPath: "/tmp/x.sock").get("status now")
        }
    }
}
