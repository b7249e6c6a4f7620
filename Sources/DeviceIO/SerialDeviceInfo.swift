/// A USB vendor/product pair, written "0403:6001" in config and udev rules.
public struct USBDeviceID: Sendable, Hashable, CustomStringConvertible {
    public let vendor: UInt16
    public let product: UInt16

    public init(vendor: UInt16, product: UInt16) {
        self.vendor = vendor
        self.product = product
    }

    /// Parses "vvvv:pppp" (4 hex digits each, either case).
    public init(parsing text: String) throws(DeviceConfigError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let vendor = Self.hexField(parts[0]),
              let product = Self.hexField(parts[1])
        else { throw .malformedUSBID(found: text) }
        self.init(vendor: vendor, product: product)
    }

    /// From udev's `idVendor`/`idProduct` attributes; nil unless both are 4 hex digits.
    init?(vendorAttribute: String, productAttribute: String) {
        guard let vendor = Self.hexField(Substring(vendorAttribute)),
              let product = Self.hexField(Substring(productAttribute))
        else { return nil }
        self.init(vendor: vendor, product: product)
    }

    public var description: String { "\(Self.hex(vendor)):\(Self.hex(product))" }

    private static func hexField(_ text: Substring) -> UInt16? {
        guard text.utf8.count == 4, text.allSatisfy(\.isHexDigit) else { return nil }
        return UInt16(text, radix: 16)
    }

    private static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// What udev reports about the USB device behind a tty.
public struct USBDeviceDetails: Sendable, Hashable {
    public var id: USBDeviceID
    public var serialNumber: String?
    public var manufacturer: String?
    public var product: String?

    public init(id: USBDeviceID, serialNumber: String? = nil, manufacturer: String? = nil, product: String? = nil) {
        self.id = id
        self.serialNumber = serialNumber
        self.manufacturer = manufacturer
        self.product = product
    }
}

/// One tty device found by udev.
public struct SerialDeviceInfo: Sendable, Hashable {
    /// Kernel device node, e.g. `/dev/ttyUSB0` (may change between boots and replugs).
    public var devnode: String
    /// Kernel name, e.g. `ttyUSB0`.
    public var sysname: String
    /// Nil for ttys that are not behind USB (on-board UARTs, virtual consoles).
    public var usb: USBDeviceDetails?
    /// Symlinks udev created (`/dev/serial/by-id/…`, `/dev/ironcashier-…`); empty without a running udevd.
    public var links: [String]

    public init(devnode: String, sysname: String, usb: USBDeviceDetails? = nil, links: [String] = []) {
        self.devnode = devnode
        self.sysname = sysname
        self.usb = usb
        self.links = links
    }

    /// `/dev/serial/by-id/` links: stable across replugs for adapters that report a serial number.
    public var byIDLinks: [String] { links.filter { $0.hasPrefix("/dev/serial/by-id/") } }

    /// The path to open: a by-id link when there is one, so a reopen after replug finds the same device.
    public var preferredPath: String { byIDLinks.sorted().first ?? devnode }
}
