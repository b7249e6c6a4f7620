import DeviceIO
import Testing

@Suite struct UdevDiscoveryTests {
    /// The container has sysfs but no udevd and no USB serial adapters: enumeration must still work.
    @Test func enumerationRunsAndReturnsWellFormedDevices() throws {
        let discovery = UdevDiscovery()
        let everything = try discovery.serialDevices(includeNonUSB: true)
        let usbOnly = try discovery.serialDevices()

        #expect(everything.allSatisfy { $0.devnode.hasPrefix("/dev/") && !$0.sysname.isEmpty })
        #expect(everything.map(\.devnode) == everything.map(\.devnode).sorted())
        #expect(usbOnly.allSatisfy { $0.usb != nil })
        #expect(Set(usbOnly).isSubset(of: Set(everything)))
    }

    @Test func repeatedEnumerationIsStable() throws {
        // Each call creates and releases its own udev context; repeating it shows nothing leaks into the next.
        let discovery = UdevDiscovery()
        let first = try discovery.serialDevices(includeNonUSB: true).map(\.devnode)
        for _ in 0..<20 {
            #expect(try discovery.serialDevices(includeNonUSB: true).map(\.devnode) == first)
        }
    }
}
