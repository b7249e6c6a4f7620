import DeviceIO
import Testing

@Suite struct DeviceMatcherTests {
    static let ftdi = USBDeviceID(vendor: 0x0403, product: 0x6001)
    static let prolific = USBDeviceID(vendor: 0x067B, product: 0x2303)

    static let ftdiA = SerialDeviceInfo(
        devnode: "/dev/ttyUSB0", sysname: "ttyUSB0",
        usb: USBDeviceDetails(id: ftdi, serialNumber: "A10K1", manufacturer: "FTDI", product: "FT232R USB UART"),
        links: ["/dev/ironcashier-cctalk", "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K1-if00-port0"])
    static let ftdiB = SerialDeviceInfo(
        devnode: "/dev/ttyUSB1", sysname: "ttyUSB1",
        usb: USBDeviceDetails(id: ftdi, serialNumber: "B20K2"))
    static let printer = SerialDeviceInfo(
        devnode: "/dev/ttyUSB2", sysname: "ttyUSB2", usb: USBDeviceDetails(id: prolific))
    static let onboard = SerialDeviceInfo(devnode: "/dev/ttyS0", sysname: "ttyS0")
    static let all = [ftdiA, ftdiB, printer, onboard]

    @Test func vendorProductAndSerialPickOneAdapterAndPreferItsByIDLink() throws {
        let selection = try DeviceMatcher.select(
            DeviceSelector(usbID: Self.ftdi, serialNumber: "A10K1"), among: Self.all)
        #expect(selection == .discovered(
            path: "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K1-if00-port0", device: Self.ftdiA))
    }

    @Test func withoutByIDLinkTheDeviceNodeIsUsed() throws {
        let selection = try DeviceMatcher.select(DeviceSelector(usbID: Self.prolific), among: Self.all)
        #expect(selection.path == "/dev/ttyUSB2")
    }

    @Test func serialNumberAloneIsEnough() throws {
        let selection = try DeviceMatcher.select(DeviceSelector(serialNumber: "B20K2"), among: Self.all)
        #expect(selection == .discovered(path: "/dev/ttyUSB1", device: Self.ftdiB))
    }

    @Test func twoIdenticalAdaptersAreAnErrorEvenWithAFallbackPath() {
        let selector = DeviceSelector(usbID: Self.ftdi, explicitPath: "/dev/ironcashier-cctalk")
        let error = #expect(throws: DeviceMatchError.self) { try DeviceMatcher.select(selector, among: Self.all) }
        #expect(error == .ambiguous(selector: selector.description, devnodes: ["/dev/ttyUSB0", "/dev/ttyUSB1"]))
        #expect(error?.description.contains("serial number") == true)
    }

    @Test func noMatchFallsBackToTheConfiguredPath() throws {
        let selector = DeviceSelector(usbID: USBDeviceID(vendor: 0x191C, product: 0x4104), explicitPath: "/dev/ttyACM0")
        #expect(try DeviceMatcher.select(selector, among: Self.all) == .explicitPath("/dev/ttyACM0"))
        #expect(try DeviceMatcher.select(selector, among: []) == .explicitPath("/dev/ttyACM0"))
    }

    @Test func noMatchWithoutFallbackListsWhatWasSeen() {
        let selector = DeviceSelector(usbID: Self.ftdi, serialNumber: "ZZZ")
        let error = #expect(throws: DeviceMatchError.self) { try DeviceMatcher.select(selector, among: Self.all) }
        guard case let .notFound(described, candidates) = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
        #expect(described == "USB 0403:6001, serial 'ZZZ'")
        #expect(candidates == [
            "/dev/ttyUSB0 (0403:6001 serial 'A10K1')", "/dev/ttyUSB1 (0403:6001 serial 'B20K2')",
            "/dev/ttyUSB2 (067b:2303)",
        ])
    }

    @Test func pathOnlyNeedsNoEnumeration() throws {
        let selector = DeviceSelector(explicitPath: "/dev/ironcashier-nv200")
        #expect(try DeviceMatcher.select(selector, among: []) == .explicitPath("/dev/ironcashier-nv200"))
    }

    @Test func nonUSBDevicesNeverMatchUSBCriteria() {
        #expect(throws: DeviceMatchError.notFound(selector: "USB 0403:6001", candidates: [])) {
            try DeviceMatcher.select(DeviceSelector(usbID: Self.ftdi), among: [Self.onboard])
        }
    }

    @Test func emptySelectorIsAConfigError() {
        #expect(throws: DeviceMatchError.nothingConfigured) {
            try DeviceMatcher.select(DeviceSelector(), among: Self.all)
        }
    }
}
