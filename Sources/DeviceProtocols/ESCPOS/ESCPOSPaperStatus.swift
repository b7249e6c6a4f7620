/// Which bits of the `DLE EOT 4` reply mean what. Kiosk printers with presenters differ from Epson, so
/// the layout is per model and bits are tested individually, never by comparing whole bytes
/// (python-escpos's equality checks break on such printers — protocols.md §4).
public enum ESCPOSPaperStatusLayout: Sendable, Hashable {
    /// Bits 2+3 near end, bits 5+6 paper end (either bit of a pair counts).
    case epson
    /// Citizen PPU-231II: bits 2 and 3 are two near-end sensors, bit 5 alone is paper end,
    /// bit 6 is the presenter sensor.
    case citizenPPU231
}

/// n = 4: roll paper sensor.
public struct ESCPOSPaperStatus: Sendable, Hashable {
    public var paperNearEnd: Bool
    public var paperOut: Bool
    /// Only reported by layouts with a presenter sensor; nil otherwise.
    public var presenterSensor: Bool?

    public init(paperNearEnd: Bool = false, paperOut: Bool = false, presenterSensor: Bool? = nil) {
        self.paperNearEnd = paperNearEnd
        self.paperOut = paperOut
        self.presenterSensor = presenterSensor
    }

    public init(_ byte: ESCPOSStatusByte, layout: ESCPOSPaperStatusLayout) {
        switch layout {
        case .epson:
            self.init(paperNearEnd: byte.has(0x0C), paperOut: byte.has(0x60))
        case .citizenPPU231:
            self.init(paperNearEnd: byte.has(0x0C), paperOut: byte.has(0x20), presenterSensor: byte.has(0x40))
        }
    }

    /// The byte a printer of `layout` sends — for the simulator. All-OK is 0x12.
    public func statusByte(layout: ESCPOSPaperStatusLayout) -> ESCPOSStatusByte {
        switch layout {
        case .epson:
            ESCPOSStatusByte(setting: (paperNearEnd ? 0x0C : 0) | (paperOut ? 0x60 : 0))
        case .citizenPPU231:
            ESCPOSStatusByte(setting: (paperNearEnd ? 0x0C : 0) | (paperOut ? 0x20 : 0) | (presenterSensor == true ? 0x40 : 0))
        }
    }
}

/// The flags the kiosk acts on, combined from whichever status replies were read.
public struct ESCPOSPrinterCondition: Sendable, Hashable {
    public var paperOut: Bool
    public var paperNearEnd: Bool
    public var coverOpen: Bool
    public var error: Bool

    /// Paper out ⇔ paper sensor says so or the offline cause is "stopped by paper end".
    public init(offline: ESCPOSOfflineStatus? = nil, error: ESCPOSErrorStatus? = nil, paper: ESCPOSPaperStatus? = nil) {
        paperOut = paper?.paperOut == true || offline?.printingStoppedByPaperEnd == true
        paperNearEnd = paper?.paperNearEnd == true
        coverOpen = offline?.coverOpen == true
        self.error = offline?.errorOccurred == true || error?.anyError == true
    }

    /// Near end still prints; it is a warning for the cashier.
    public var canPrint: Bool { !paperOut && !coverOpen && !error }
}
