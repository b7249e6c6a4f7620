import DeviceIO
import Glibc
import Testing

/// `TCPConnection` against `TCPListener` over real loopback sockets, no mocks.
@Suite struct TCPTests {
    /// A connected pair: the client the daemon would hold, the server side the simulator would serve.
    private func connectedPair() throws -> (listener: TCPListener, client: TCPConnection, server: TCPConnection) {
        let listener = try TCPListener()
        let client = try TCPConnection(host: "127.0.0.1", port: listener.port, timeout: .seconds(5))
        let server = try #require(try listener.accept(deadline: .now + .seconds(5)))
        return (listener, client, server)
    }

    @Test func ephemeralPortIsReportedAndBytesPassUnchangedBothWays() throws {
        let (listener, client, server) = try connectedPair()
        #expect(listener.port != 0)
        #expect(client.path == "tcp 127.0.0.1:\(listener.port)")
        #expect(server.path.hasPrefix("tcp 127.0.0.1:") && server.path.hasSuffix("via 127.0.0.1:\(listener.port)"))

        try client.write(awkwardBytes)
        #expect(try server.read(exactly: awkwardBytes.count, deadline: .now + .seconds(5)) == awkwardBytes)
        let reply = awkwardBytes.reversed() as [UInt8]
        try server.write(reply)
        #expect(try client.read(exactly: reply.count, deadline: .now + .seconds(5)) == reply)
    }

    @Test func largeBlockArrivesExactlyWhileTheReaderDrainsIt() throws {
        let (_, client, server) = try connectedPair()
        // Larger than the socket buffers, so the writer must wait for POLLOUT while the reader drains.
        let block = pattern(count: 4 * 1024 * 1024, seed: 0x3C)
        let writer = BackgroundWork { try client.write(block, deadline: .now + .seconds(20)) }
        let received = try server.read(exactly: block.count, deadline: .now + .seconds(20))
        try writer.join()
        #expect(received == block)
    }

    @Test func hostnameResolvesToLoopback() throws {
        let listener = try TCPListener()
        let client = try TCPConnection(host: "localhost", port: listener.port, timeout: .seconds(5))
        let server = try #require(try listener.accept(deadline: .now + .seconds(5)))
        try client.write([0x06, 0x01])
        #expect(try server.read(exactly: 2, deadline: .now + .seconds(5)) == [0x06, 0x01])
    }

    @Test func acceptReturnsNilAfterTheDeadlineWithoutSpinning() throws {
        let listener = try TCPListener()
        let started = ContinuousClock.now
        let cpuBefore = threadCPUTime()
        let connection = try listener.accept(deadline: .now + .milliseconds(50))
        let cpuUsed = threadCPUTime() - cpuBefore
        #expect(connection == nil)
        #expect(ContinuousClock.now - started >= .milliseconds(50))
        #expect(cpuUsed < .milliseconds(25))
    }

    @Test func readOnSilentConnectionReturnsEmptyAfterDeadline() throws {
        let (_, client, server) = try connectedPair()
        for transport in [client, server] {
            let started = ContinuousClock.now
            #expect(try transport.read(atMost: 64, timeout: .milliseconds(50)).isEmpty)
            #expect(ContinuousClock.now - started >= .milliseconds(50))
        }
    }

    @Test func peerClosingShowsAsDisconnectedOnReadAndOnWriteWithoutSIGPIPE() throws {
        let (_, client, server) = try connectedPair()
        try server.close()
        #expect(throws: DeviceIOError.disconnected(path: client.path)) {
            _ = try client.read(atMost: 16, timeout: .seconds(5))
        }
        // The first writes may still be buffered; once the peer's reset arrives, writing must throw
        // (a SIGPIPE would kill the test process instead).
        #expect(throws: DeviceIOError.disconnected(path: client.path)) {
            for _ in 0..<1_000 {
                try client.write([0x80, 0x00, 0x00], deadline: .now + .seconds(5))
                usleep(1_000)
            }
        }
    }

    @Test func connectingToAClosedPortIsRefused() throws {
        let port = try TCPListener().port  // bound, then released when the listener is deinitialised
        #expect(throws: DeviceIOError.systemCall("connect", path: "tcp 127.0.0.1:\(port)", errno: ECONNREFUSED)) {
            _ = try TCPConnection(host: "127.0.0.1", port: port, timeout: .seconds(5))
        }
    }

    @Test func closeIsIdempotentAndLaterIOThrowsClosed() throws {
        let (listener, client, _) = try connectedPair()
        try client.close()
        try client.close()
        #expect(!client.isOpen)
        #expect(throws: DeviceIOError.closed(path: client.path)) { try client.write([1]) }
        #expect(throws: DeviceIOError.closed(path: client.path)) { _ = try client.read(atMost: 1, timeout: .zero) }
        try listener.close()
        try listener.close()
        #expect(throws: DeviceIOError.closed(path: listener.path)) { _ = try listener.accept(deadline: .now) }
    }

    @Test func aFixedPortCanBeBoundAgainRightAfterItsConnectionsClosed() throws {
        let port: UInt16
        do {
            let (listener, client, server) = try connectedPair()
            port = listener.port
            try client.write([1, 2, 3])
            _ = try server.read(exactly: 3, deadline: .now + .seconds(5))
            // The server side closing first leaves its end in TIME_WAIT: SO_REUSEADDR must still allow a rebind.
            try server.close()
            try client.close()
            try listener.close()
        }
        let again = try TCPListener(port: port)
        #expect(again.port == port)
        let client = try TCPConnection(host: "127.0.0.1", port: port)
        #expect(try again.accept(deadline: .now + .seconds(5)) != nil)
        try client.close()
    }
}
