import CUdev
import Glibc

/// Lists tty devices through libudev, with the USB device (if any) behind each.
///
/// Stateless: each call creates and releases its own udev context, so it is safe from any thread
/// (a libudev context itself is not thread-safe).
public struct UdevDiscovery: Sendable {
    public init() {}

    /// Every tty with a device node. Non-USB ttys (virtual consoles, on-board UARTs) are left out unless
    /// `includeNonUSB`; devices are sorted by device node.
    public func serialDevices(includeNonUSB: Bool = false) throws(DeviceIOError) -> [SerialDeviceInfo] {
        guard let udev = udev_new() else { throw .udev("udev_new", errno: errno) }
        defer { udev_unref(udev) }
        guard let enumerator = udev_enumerate_new(udev) else { throw .udev("udev_enumerate_new", errno: errno) }
        defer { udev_enumerate_unref(enumerator) }

        let matchResult = udev_enumerate_add_match_subsystem(enumerator, "tty")
        guard matchResult >= 0 else { throw .udev("udev_enumerate_add_match_subsystem", errno: -matchResult) }
        let scanResult = udev_enumerate_scan_devices(enumerator)
        guard scanResult >= 0 else { throw .udev("udev_enumerate_scan_devices", errno: -scanResult) }

        var devices: [SerialDeviceInfo] = []
        var entry = udev_enumerate_get_list_entry(enumerator)
        while let current = entry {
            entry = udev_list_entry_get_next(current)
            guard let syspath = udev_list_entry_get_name(current),
                  let device = udev_device_new_from_syspath(udev, syspath)
            else { continue }
            defer { udev_device_unref(device) }
            guard let info = Self.describe(device), includeNonUSB || info.usb != nil else { continue }
            devices.append(info)
        }
        return devices.sorted { $0.devnode < $1.devnode }
    }

    private static func describe(_ device: OpaquePointer) -> SerialDeviceInfo? {
        guard let devnode = string(udev_device_get_devnode(device)) else { return nil }
        let sysname = string(udev_device_get_sysname(device)) ?? devnode

        var links: [String] = []
        var link = udev_device_get_devlinks_list_entry(device)
        while let current = link {
            if let name = string(udev_list_entry_get_name(current)) { links.append(name) }
            link = udev_list_entry_get_next(current)
        }

        // The parent is owned by `device` and released with it: it must not be unreferenced here.
        var usb: USBDeviceDetails?
        if let parent = udev_device_get_parent_with_subsystem_devtype(device, "usb", "usb_device"),
           let vendor = attribute(parent, "idVendor"),
           let product = attribute(parent, "idProduct"),
           let id = USBDeviceID(vendorAttribute: vendor, productAttribute: product)
        {
            usb = USBDeviceDetails(
                id: id,
                serialNumber: attribute(parent, "serial"),
                manufacturer: attribute(parent, "manufacturer"),
                product: attribute(parent, "product"))
        }
        return SerialDeviceInfo(devnode: devnode, sysname: sysname, usb: usb, links: links.sorted())
    }

    private static func attribute(_ device: OpaquePointer, _ name: String) -> String? {
        guard let value = string(udev_device_get_sysattr_value(device, name))?.trimmingWhitespace(),
              !value.isEmpty
        else { return nil }
        return value
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension String {
    /// sysfs attribute values end in a newline on some kernels; udev usually strips it, this makes sure.
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
