import Foundation
import Glibc
import KioskShell
import ServiceLifecycle
import Testing

@Suite(.timeLimit(.minutes(1))) struct SystemdNotifierTests {
    @Test func withoutNotifySocketEverythingIsANoOp() throws {
        let notifier = try SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(notifier.watchdogInterval == nil)
        try notifier.ready(status: "ignored")
        try notifier.watchdog()
    }

    @Test func sendsToAPathSocket() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let receiver = try DatagramReceiver(address: folder.file("notify"))
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.address])
        #expect(notifier.isEnabled)

        try notifier.ready(status: "serving; 0 unfinished transactions")
        #expect(receiver.receive() == "READY=1\nSTATUS=serving; 0 unfinished transactions")
        try notifier.watchdog()
        #expect(receiver.receive() == "WATCHDOG=1")
        try notifier.status("recovering\ntransaction 17")
        #expect(receiver.receive() == "STATUS=recovering transaction 17")
        try notifier.notify([.extendTimeout(.seconds(90))])
        #expect(receiver.receive() == "EXTEND_TIMEOUT_USEC=90000000")
        try notifier.stopping()
        #expect(receiver.receive() == "STOPPING=1")
    }

    @Test func sendsToAnAbstractSocket() throws {
        let name = "@ironcashier-test-" + UUID().uuidString
        let receiver = try DatagramReceiver(address: name)
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": name])
        try notifier.ready()
        #expect(receiver.receive() == "READY=1")
    }

    @Test func aVanishedNotifySocketIsAnError() throws {
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": "/tmp/ks-no-such-dir/notify"])
        #expect(throws: SystemdNotifyError.sendFailed("/tmp/ks-no-such-dir/notify", operation: "sendto", errno: ENOENT)) {
            try notifier.ready()
        }
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() throws {
        let mine = try SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid())"])
        #expect(mine.watchdogInterval == .seconds(15))
        let unspecifiedPID = try SystemdNotifier(environment: ["WATCHDOG_USEC": "500000"])
        #expect(unspecifiedPID.watchdogInterval == .milliseconds(250))
        let someoneElses = try SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid() + 1)"])
        #expect(someoneElses.watchdogInterval == nil)
    }

    @Test func malformedEnvironmentIsRefused() {
        #expect(throws: SystemdNotifyError.invalidWatchdog("WATCHDOG_USEC", "soon")) {
            try SystemdNotifier(environment: ["WATCHDOG_USEC": "soon"])
        }
        #expect(throws: SystemdNotifyError.invalidWatchdog("WATCHDOG_USEC", "0")) {
            try SystemdNotifier(environment: ["WATCHDOG_USEC": "0"])
        }
        #expect(throws: SystemdNotifyError.unsupportedSocket("relative/notify")) {
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/notify"])
        }
        let error = SystemdNotifyError.unsupportedSocket("vsock:2:1234")
        #expect(error.description == "NOTIFY_SOCKET: expected an absolute socket path or an @abstract name, found \"vsock:2:1234\"")
    }

    @Test func watchdogServicePingsUntilShutdownThenSaysStopping() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let receiver = try DatagramReceiver(address: folder.file("notify"))
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.address, "WATCHDOG_USEC": "40000"])
        #expect(notifier.watchdogInterval == .milliseconds(20))
        let group = ServiceGroup(configuration: .init(
            services: [SystemdWatchdogService(notifier: notifier, logger: quietLogger)], logger: quietLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let pings = try await onOwnThread { (0..<3).map { _ in receiver.receive() } }
            #expect(pings == ["WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"])
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // Drain pings sent before the shutdown took effect; the last datagram is STOPPING=1.
        var last: String?
        while let message = receiver.receive(timeoutMilliseconds: 200) { last = message }
        #expect(last == "STOPPING=1")
    }

    @Test func unhealthyDaemonGetsNoWatchdogPings() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let receiver = try DatagramReceiver(address: folder.file("notify"))
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.address, "WATCHDOG_USEC": "20000"])
        let service = SystemdWatchdogService(notifier: notifier, logger: quietLogger, isHealthy: { false })
        let group = ServiceGroup(configuration: .init(services: [service], logger: quietLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Ten intervals pass without a ping.
            let early = try await onOwnThread { receiver.receive(timeoutMilliseconds: 100) }
            #expect(early == nil)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(receiver.receive() == "STOPPING=1")
    }

    @Test func withoutWatchdogTheServiceWaitsForShutdown() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let receiver = try DatagramReceiver(address: folder.file("notify"))
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.address])
        let group = ServiceGroup(configuration: .init(
            services: [SystemdWatchdogService(notifier: notifier, logger: quietLogger)], logger: quietLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let early = try await onOwnThread { receiver.receive(timeoutMilliseconds: 100) }
            #expect(early == nil)  // neither a ping nor an early exit's STOPPING=1
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(receiver.receive() == "STOPPING=1")
    }
}
