/// How config identifies one device: by USB identity, by explicit path, or both (path as fallback).
public struct DeviceSelector: Sendable, Hashable, CustomStringConvertible {
    public var usbID: USBDeviceID?
    /// USB serial number (`iSerial`), to tell apart two adapters with the same vendor/product.
    public var serialNumber: String?
    /// Used when no USB criteria are given, or when nothing matches them (e.g. `/dev/ironcashier-nv200`).
    public var explicitPath: String?

    public init(usbID: USBDeviceID? = nil, serialNumber: String? = nil, explicitPath: String? = nil) {
        self.usbID = usbID
        self.serialNumber = serialNumber
        self.explicitPath = explicitPath
    }

    var hasUSBCriteria: Bool { usbID != nil || serialNumber != nil }

    public var description: String {
        var parts: [String] = []
        if let usbID { parts.append("USB \(usbID)") }
        if let serialNumber { parts.append("serial '\(serialNumber)'") }
        if let explicitPath { parts.append("path \(explicitPath)") }
        return parts.isEmpty ? "no criteria" : parts.joined(separator: ", ")
    }

    func matches(_ device: SerialDeviceInfo) -> Bool {
        guard hasUSBCriteria, let usb = device.usb else { return false }
        if let usbID, usb.id != usbID { return false }
        if let serialNumber, usb.serialNumber != serialNumber { return false }
        return true
    }
}

/// The outcome of matching: which path to open, and why.
public enum DeviceSelection: Sendable, Hashable {
    /// Exactly one enumerated device matched the USB criteria.
    case discovered(path: String, device: SerialDeviceInfo)
    /// The configured path, because no USB criteria were given or none matched.
    case explicitPath(String)

    public var path: String {
        switch self {
        case let .discovered(path, _): path
        case let .explicitPath(path): path
        }
    }
}

public enum DeviceMatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The config entry gives neither USB criteria nor a path.
    case nothingConfigured
    /// Nothing matched and there is no fallback path; `candidates` lists what was seen.
    case notFound(selector: String, candidates: [String])
    /// Several devices match; a serial number (or a udev rule) must tell them apart.
    case ambiguous(selector: String, devnodes: [String])

    public var description: String {
        switch self {
        case .nothingConfigured:
            return "expected a USB id, serial number or device path for the device, found none"
        case let .notFound(selector, candidates):
            let seen = candidates.isEmpty ? "no USB serial devices" : candidates.joined(separator: ", ")
            return "expected a device matching \(selector), found \(seen)"
        case let .ambiguous(selector, devnodes):
            return "expected one device matching \(selector), found \(devnodes.count): "
                + devnodes.joined(separator: ", ") + "; add the serial number to tell them apart"
        }
    }
}

/// Picks the device for a config entry from an enumeration. Pure: tests pass hand-made device lists.
public enum DeviceMatcher {
    /// - One USB match: its stable path (`/dev/serial/by-id/…` if present, else the device node).
    /// - No USB match, or no USB criteria: the explicit path if configured.
    /// - Several matches: an error even with a fallback path, because guessing which adapter drives which
    ///   cash device is exactly the mistake that pays out of the wrong hopper.
    public static func select(
        _ selector: DeviceSelector, among devices: [SerialDeviceInfo]
    ) throws(DeviceMatchError) -> DeviceSelection {
        guard selector.hasUSBCriteria else {
            guard let path = selector.explicitPath else { throw .nothingConfigured }
            return .explicitPath(path)
        }
        let matches = devices.filter(selector.matches)
        switch matches.count {
        case 1:
            let device = matches[0]
            return .discovered(path: device.preferredPath, device: device)
        case 0:
            if let path = selector.explicitPath { return .explicitPath(path) }
            let candidates = devices.compactMap { device in
                device.usb.map { "\(device.devnode) (\($0.id)\($0.serialNumber.map { " serial '\($0)'" } ?? ""))" }
            }
            throw .notFound(selector: selector.description, candidates: candidates)
        default:
            throw .ambiguous(selector: selector.description, devnodes: matches.map(\.devnode))
        }
    }
}
