import Foundation
import KioskDaemon
import Testing

/// The engine's timers all hang on one re-armable alarm: each setting replaces the last, silence means silence.
@Suite struct HostAlarmTests {
    final class Rings: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func ring() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    @Test func itRingsOnceAfterItsDelay() async throws {
        let rings = Rings()
        let alarm = SystemHostClock().makeAlarm { rings.ring() }
        alarm.ring(after: .milliseconds(30))
        try await Task.sleep(for: .milliseconds(400))
        #expect(rings.value == 1)
    }

    @Test func settingItAgainReplacesTheEarlierSetting() async throws {
        let rings = Rings()
        let alarm = SystemHostClock().makeAlarm { rings.ring() }
        alarm.ring(after: .milliseconds(30))
        alarm.ring(after: .seconds(600))
        try await Task.sleep(for: .milliseconds(400))
        #expect(rings.value == 0)
        alarm.ring(after: .zero)
        try await Task.sleep(for: .milliseconds(400))
        #expect(rings.value == 1)
    }

    @Test func aSilencedAlarmStaysQuiet() async throws {
        let rings = Rings()
        let alarm = SystemHostClock().makeAlarm { rings.ring() }
        alarm.ring(after: .milliseconds(30))
        alarm.silence()
        try await Task.sleep(for: .milliseconds(400))
        #expect(rings.value == 0)
    }
}
