/// `DLE EOT n` real-time status requests (protocols.md §4).
public enum ESCPOSStatusRequest: UInt8, Sendable, Hashable, CaseIterable {
    case printer = 1
    case offlineCause = 2
    case errorCause = 3
    case paperSensor = 4

    public var bytes: [UInt8] { [ESCPOSByte.dataLinkEscape, ESCPOSByte.endOfTransmission, rawValue] }
}

public enum ESCPOSStatusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every status byte has the form 0xx1xx10: bits 1 and 4 set, bits 0 and 7 clear.
    case notAStatusByte(found: UInt8)

    public var description: String {
        switch self {
        case let .notAStatusByte(found):
            "ESC/POS status: expected a byte of the form 0xx1xx10, found \(ESCPOSHex.byte(found))"
        }
    }
}

/// One status byte with its fixed bits checked.
public struct ESCPOSStatusByte: Sendable, Hashable {
    public static let fixedBitsMask: UInt8 = 0x93
    public static let fixedBitsValue: UInt8 = 0x12

    public let rawValue: UInt8

    public init(_ byte: UInt8) throws(ESCPOSStatusError) {
        guard byte & Self.fixedBitsMask == Self.fixedBitsValue else { throw .notAStatusByte(found: byte) }
        rawValue = byte
    }

    /// A status byte with the given variable bits (fixed bits are forced) — for the simulator.
    public init(setting bits: UInt8) {
        rawValue = (bits & ~Self.fixedBitsMask) | Self.fixedBitsValue
    }

    public func has(_ bits: UInt8) -> Bool { rawValue & bits != 0 }
}

/// n = 1.
public struct ESCPOSPrinterStatus: Sendable, Hashable {
    public var drawerKickPin3High: Bool
    public var offline: Bool

    public init(drawerKickPin3High: Bool = false, offline: Bool) {
        self.drawerKickPin3High = drawerKickPin3High
        self.offline = offline
    }

    public init(_ byte: ESCPOSStatusByte) {
        self.init(drawerKickPin3High: byte.has(0x04), offline: byte.has(0x08))
    }

    public var statusByte: ESCPOSStatusByte {
        ESCPOSStatusByte(setting: (drawerKickPin3High ? 0x04 : 0) | (offline ? 0x08 : 0))
    }
}

/// n = 2: why the printer is offline.
public struct ESCPOSOfflineStatus: Sendable, Hashable {
    public var coverOpen: Bool
    public var paperFedByFeedButton: Bool
    public var printingStoppedByPaperEnd: Bool
    public var errorOccurred: Bool

    public init(coverOpen: Bool = false, paperFedByFeedButton: Bool = false,
                printingStoppedByPaperEnd: Bool = false, errorOccurred: Bool = false) {
        self.coverOpen = coverOpen
        self.paperFedByFeedButton = paperFedByFeedButton
        self.printingStoppedByPaperEnd = printingStoppedByPaperEnd
        self.errorOccurred = errorOccurred
    }

    public init(_ byte: ESCPOSStatusByte) {
        self.init(coverOpen: byte.has(0x04), paperFedByFeedButton: byte.has(0x08),
                  printingStoppedByPaperEnd: byte.has(0x20), errorOccurred: byte.has(0x40))
    }

    public var statusByte: ESCPOSStatusByte {
        ESCPOSStatusByte(setting: (coverOpen ? 0x04 : 0) | (paperFedByFeedButton ? 0x08 : 0)
            | (printingStoppedByPaperEnd ? 0x20 : 0) | (errorOccurred ? 0x40 : 0))
    }
}

/// n = 3: error causes.
public struct ESCPOSErrorStatus: Sendable, Hashable {
    public var autocutterError: Bool
    public var unrecoverableError: Bool
    /// E.g. head overheated or cover opened while printing.
    public var autoRecoverableError: Bool

    public init(autocutterError: Bool = false, unrecoverableError: Bool = false, autoRecoverableError: Bool = false) {
        self.autocutterError = autocutterError
        self.unrecoverableError = unrecoverableError
        self.autoRecoverableError = autoRecoverableError
    }

    public init(_ byte: ESCPOSStatusByte) {
        self.init(autocutterError: byte.has(0x08), unrecoverableError: byte.has(0x20), autoRecoverableError: byte.has(0x40))
    }

    public var anyError: Bool { autocutterError || unrecoverableError || autoRecoverableError }

    public var statusByte: ESCPOSStatusByte {
        ESCPOSStatusByte(setting: (autocutterError ? 0x08 : 0) | (unrecoverableError ? 0x20 : 0)
            | (autoRecoverableError ? 0x40 : 0))
    }
}
