import DeviceIO
import Glibc
import Testing

/// The daemon's `SerialPort` on a pty slave against the simulator's `PseudoTerminal` master: real kernel
/// ttys, real termios, no mocks.
@Suite struct PseudoTerminalSerialTests {
    @Test func awkwardBytesPassUnchangedBothWays() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)

        try port.write(awkwardBytes)
        #expect(try pty.read(exactly: awkwardBytes.count, deadline: .now + .seconds(5)) == awkwardBytes)

        let reply = awkwardBytes.reversed() as [UInt8]
        try pty.write(reply)
        #expect(try port.read(exactly: reply.count, deadline: .now + .seconds(5)) == reply)
    }

    @Test func fourKiBBlocksArriveExactly() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        let toSimulator = pattern(count: 4096, seed: 0x5A)
        let toDaemon = pattern(count: 4096, seed: 0xA5)

        try port.write(toSimulator)
        #expect(try pty.read(exactly: toSimulator.count, deadline: .now + .seconds(5)) == toSimulator)
        try pty.write(toDaemon)
        #expect(try port.read(exactly: toDaemon.count, deadline: .now + .seconds(5)) == toDaemon)
    }

    @Test func readReturnsWhatIsAvailableUpToTheLimit() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ccTalk)
        try pty.write([1, 2, 3])
        var received: [UInt8] = []
        while received.count < 3 {
            let chunk = try port.read(atMost: 2, timeout: .seconds(5))
            try #require(!chunk.isEmpty)
            #expect(chunk.count <= 2)
            received += chunk
        }
        #expect(received == [1, 2, 3])
    }

    @Test func readOnSilentLineReturnsEmptyAfterDeadlineWithoutSpinning() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        for transport in [port, pty] as [any ByteTransport] {
            let started = ContinuousClock.now
            let cpuBefore = threadCPUTime()
            let bytes = try transport.read(atMost: 64, timeout: .milliseconds(50))
            let cpuUsed = threadCPUTime() - cpuBefore
            #expect(bytes.isEmpty)
            // The code only reports a timeout once the deadline has passed, so this bound is logic, not timing.
            #expect(ContinuousClock.now - started >= .milliseconds(50))
            // A busy loop would burn the whole 50 ms of CPU; waiting in poll(2) costs next to nothing.
            #expect(cpuUsed < .milliseconds(25))
        }
    }

    @Test(arguments: [SerialPortSettings.ssp, .ccTalk])
    func termiosIsRawWithTheRequestedFraming(settings: SerialPortSettings) throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: settings)
        defer { try? port.close() }
        var attributes = try independentAttributes(of: pty.slavePath)

        #expect(attributes.c_lflag & tcflag_t(ICANON | ECHO | ECHONL | ISIG | IEXTEN) == 0)
        #expect(attributes.c_oflag & tcflag_t(OPOST) == 0)
        #expect(attributes.c_iflag & tcflag_t(IXON | IXOFF | ICRNL | INLCR | IGNCR | ISTRIP) == 0)
        #expect(attributes.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
        #expect(attributes.c_cflag & tcflag_t(PARENB) == 0)
        #expect(attributes.c_cflag & tcflag_t(CLOCAL | CREAD) == tcflag_t(CLOCAL | CREAD))
        #expect(attributes.c_cflag & tcflag_t(CRTSCTS) == 0)
        #expect((attributes.c_cflag & tcflag_t(CSTOPB) != 0) == (settings.stopBits == .two))
        #expect(cfgetospeed(&attributes) == speed_t(B9600))
        #expect(cfgetispeed(&attributes) == speed_t(B9600))
        #expect(controlCharacter(attributes, VMIN) == 1)
        #expect(controlCharacter(attributes, VTIME) == 0)
    }

    @Test func settingsTheDriverIgnoresAreReportedNotAssumed() throws {
        // Linux ptys force CS8 and clear PARENB whatever tcsetattr asked for, and tcsetattr still succeeds;
        // only reading the settings back catches it. A USB adapter that cannot do a framing behaves alike.
        let pty = try PseudoTerminal()
        let evenParity = try SerialPortSettings(parsing: "9600 8E1")
        #expect(throws: DeviceIOError.settingsNotApplied(
            path: pty.slavePath, expected: "9600 8E1", found: "9600 8N1")) {
            try SerialPort(path: pty.slavePath, settings: evenParity)
        }
    }

    @Test func openingAMissingDeviceNamesThePath() {
        let path = "/dev/ironcashier-test-missing-device"
        let error = #expect(throws: DeviceIOError.self) { try SerialPort(path: path, settings: .ssp) }
        #expect(error == .systemCall("open", path: path, errno: ENOENT))
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("No such file or directory") == true)
    }

    @Test func aSecondOpenOfTheSamePortIsRefused() throws {
        let pty = try PseudoTerminal()
        let first = try SerialPort(path: pty.slavePath, settings: .ssp)
        #expect(throws: DeviceIOError.busy(path: pty.slavePath)) {
            try SerialPort(path: pty.slavePath, settings: .ssp)
        }
        try first.close()
        // The lock goes with the descriptor, so a reconnect after close works.
        let reopened = try SerialPort(path: pty.slavePath, settings: .ssp)
        try pty.write([0x42])
        #expect(try reopened.read(exactly: 1, deadline: .now + .seconds(5)) == [0x42])
    }

    @Test func closedPortRefusesIOAndCloseIsIdempotent() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        #expect(port.isOpen)
        try port.close()
        try port.close()
        #expect(!port.isOpen)
        #expect(throws: DeviceIOError.closed(path: pty.slavePath)) { try port.write([1]) }
        #expect(throws: DeviceIOError.closed(path: pty.slavePath)) { try port.read(atMost: 1, timeout: .zero) }
    }

    @Test func masterCloseLooksLikeAnUnpluggedAdapter() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        try pty.close()
        #expect(throws: DeviceIOError.disconnected(path: pty.slavePath)) {
            try port.read(atMost: 16, timeout: .seconds(5))
        }
    }

    @Test func withoutAHeldSlaveTheSimulatorSeesTheDaemonHangUp() throws {
        let pty = try PseudoTerminal(holdSlaveOpen: false)
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        try port.write([7])
        #expect(try pty.read(exactly: 1, deadline: .now + .seconds(5)) == [7])
        try port.close()
        #expect(throws: DeviceIOError.disconnected(path: pty.path)) {
            try pty.read(atMost: 16, timeout: .seconds(5))
        }
    }

    @Test func heldSlaveKeepsTheSimulatorUsableAcrossReconnects() throws {
        let pty = try PseudoTerminal()
        try SerialPort(path: pty.slavePath, settings: .ssp).close()
        #expect(try pty.read(atMost: 16, timeout: .milliseconds(20)).isEmpty)
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        try pty.write([9, 8])
        #expect(try port.read(exactly: 2, deadline: .now + .seconds(5)) == [9, 8])
    }

    @Test func discardPendingInputDropsUnreadBytes() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        try pty.write([1, 2, 3])
        try port.discardPendingInput()
        #expect(try port.read(atMost: 16, timeout: .milliseconds(20)).isEmpty)
        try pty.write([4])
        #expect(try port.read(exactly: 1, deadline: .now + .seconds(5)) == [4])
    }

    @Test func writeLargerThanKernelBuffersWaitsForRoom() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        let block = pattern(count: 1 << 20, seed: 0x33)
        // 1 MiB cannot fit in the pty's buffers, so the writer must hit EAGAIN and wait in poll(POLLOUT).
        let writer = BackgroundWork { try port.write(block, timeout: .seconds(30)) }
        let received = try pty.read(exactly: block.count, deadline: .now + .seconds(30))
        try writer.join()
        #expect(received == block)
    }

    @Test func writeWithNobodyReadingTimesOutReportingProgress() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        let block = pattern(count: 1 << 20, seed: 0x11)
        let error = #expect(throws: DeviceIOError.self) { try port.write(block, timeout: .milliseconds(100)) }
        guard case let .writeTimedOut(path, written, total) = error else {
            Issue.record("expected writeTimedOut, got \(String(describing: error))")
            return
        }
        #expect(path == pty.slavePath)
        #expect(written > 0 && written < total)
        #expect(total == block.count)
    }

    @Test func readExactlyReportsAShortRead() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.slavePath, settings: .ssp)
        try pty.write([1, 2])
        #expect(throws: DeviceIOError.readTimedOut(path: pty.slavePath, received: 2, expected: 5)) {
            try port.read(exactly: 5, deadline: .now + .milliseconds(50))
        }
    }
}
