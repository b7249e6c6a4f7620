import DeviceIO

// What the engine sees of the receipt printer: device-independent jobs in, outcomes and conditions out.
// No ESC/POS type appears here; `ESCPOSPrinterDriver` does the translation.

/// Names one print job so its outcome can be matched to it (e.g. the receipt number).
public struct PrintJobID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

public enum PrintAlignment: Sendable, Hashable {
    case left, center, right
}

/// One printed line. Text is Czech Unicode; the driver encodes it (see `CP852` for characters the printer
/// lacks, e.g. "—" prints as "-" and "€" as "EUR"). A "\n" inside the text starts another line with the same style.
public struct PrintLine: Sendable, Hashable {
    public var text: String
    public var alignment: PrintAlignment
    public var bold: Bool
    /// Double width and height: half as many characters fit on the line.
    public var large: Bool

    public init(_ text: String, alignment: PrintAlignment = .left, bold: Bool = false, large: Bool = false) {
        self.text = text
        self.alignment = alignment
        self.bold = bold
        self.large = large
    }
}

/// A receipt as the engine composes it: lines, then an optional QR code (centred), then optionally a cut.
public struct PrintJob: Sendable, Hashable {
    public var id: PrintJobID
    public var lines: [PrintLine]
    /// QR content, e.g. a SPAYD payment string; ASCII in practice (sent as UTF-8).
    public var qrPayload: String?
    /// Cut the paper after the job; without a cut the next job continues the same strip.
    public var cut: Bool

    public init(id: PrintJobID, lines: [PrintLine], qrPayload: String? = nil, cut: Bool = true) {
        self.id = id
        self.lines = lines
        self.qrPayload = qrPayload
        self.cut = cut
    }
}

public enum PrinterCommand: Sendable, Hashable {
    /// Queue a job. Jobs print one at a time in submission order; each ends in exactly one
    /// `.printed` or `.printFailed` event.
    case print(PrintJob)
    /// Read the status now and report it with `.condition`, even when it has not changed.
    case checkStatus
}

/// The printer's state as far as the kiosk cares. When several apply, the first in this order is reported:
/// coverOpen, paperOut, error, offline, paperNearEnd, ready.
public enum PrinterCondition: Sendable, Hashable {
    case ready
    /// Still prints; time to bring a new roll.
    case paperNearEnd
    case paperOut
    case coverOpen
    /// Offline without a reported cause (e.g. paper being fed with the FEED button).
    case offline
    /// Cutter or other hardware error.
    case error

    public var canPrint: Bool {
        switch self {
        case .ready, .paperNearEnd: true
        case .paperOut, .coverOpen, .offline, .error: false
        }
    }
}

/// Why a job did not print (completely).
public enum PrintFailure: Sendable, Hashable, CustomStringConvertible {
    /// Refused before any byte of the job was sent: nothing is on paper.
    case notReady(PrinterCondition)
    /// The printer reported a problem after job data was sent (paper ran out, cover opened):
    /// part of the receipt may be on paper.
    case partial(PrinterCondition)
    /// The printer stopped answering status requests; `dataSent` says whether any job bytes had gone out.
    case notResponding(dataSent: Bool)
    /// The serial line failed (adapter unplugged).
    case connectionLost(dataSent: Bool)
    /// The job cannot be encoded (e.g. an empty or too long QR payload); nothing was sent.
    case invalidJob(String)

    /// Whether some of the job may be on paper, so the engine should treat the receipt as damaged, not absent.
    public var mayHavePrinted: Bool {
        switch self {
        case .notReady, .invalidJob: false
        case .partial: true
        case let .notResponding(dataSent), let .connectionLost(dataSent): dataSent
        }
    }

    public var description: String {
        switch self {
        case let .notReady(condition): "printer not ready (\(condition)); nothing printed"
        case let .partial(condition): "printer stopped during the job (\(condition)); receipt may be incomplete"
        case let .notResponding(dataSent): "printer not responding" + (dataSent ? "; receipt may be incomplete" : "; nothing printed")
        case let .connectionLost(dataSent): "printer connection lost" + (dataSent ? "; receipt may be incomplete" : "; nothing printed")
        case let .invalidJob(reason): "job cannot be printed: \(reason)"
        }
    }
}

public enum PrinterFault: Sendable, Hashable, CustomStringConvertible {
    /// No answer to status requests (after retries).
    case notResponding
    /// Answers that are not status bytes (line noise, wrong baud rate, wrong device).
    case unexpectedReply(String)
    /// The serial line failed or cannot be opened.
    case connectionLost(String)

    public var description: String {
        switch self {
        case .notResponding: "printer not responding"
        case let .unexpectedReply(detail): "unexpected reply from printer: \(detail)"
        case let .connectionLost(reason): "printer connection lost: \(reason)"
        }
    }
}

public enum PrinterEvent: Sendable, Hashable {
    /// The printer answers (after start, or again after a fault). A `.condition` follows.
    case ready
    /// The condition changed, was first read after `.ready`, or `.checkStatus` asked for it.
    case condition(PrinterCondition)
    /// The whole job was sent and the printer still reported a printable condition afterwards.
    case printed(PrintJobID)
    case printFailed(PrintJobID, PrintFailure)
    /// Reported once when communication breaks; `.ready` follows when it recovers.
    case fault(PrinterFault)
}

/// Driver settings; every default suits an Epson-compatible printer at 9600 8N1.
public struct PrinterConfiguration: Sendable, Hashable {
    /// Line settings for opening the port; also used to estimate how long sent data takes on the wire.
    public var serial: SerialPortSettings
    /// `ESC t` page number of PC852 on this model (clones number pages differently).
    public var codePage: UInt8
    public var statusLayout: PrinterStatusLayout
    public var cut: PrinterCutKind
    public var qrModuleSize: UInt8
    /// Status poll interval while idle.
    public var pollInterval: Duration
    /// How long to wait for one status byte, on top of the time the preceding data needs on the wire.
    public var statusTimeout: Duration
    /// Quiet period listened to (and discarded) after a bad or missing reply, so a late byte is not
    /// mistaken for the answer to the next request.
    public var resyncQuietTime: Duration
    /// Further attempts at a status read before giving up.
    public var statusRetries: Int
    /// Largest write; a status check follows each chunk, so a printer that stops mid-job is noticed early.
    public var chunkSize: Int
    /// Time for the mechanism to finish the last lines and the cut before the confirming status check.
    public var settleTime: Duration

    public init(
        serial: SerialPortSettings = PrinterConfiguration.defaultSerial, codePage: UInt8 = 18,
        statusLayout: PrinterStatusLayout = .epson, cut: PrinterCutKind = .partial, qrModuleSize: UInt8 = 6,
        pollInterval: Duration = .seconds(2), statusTimeout: Duration = .milliseconds(500),
        resyncQuietTime: Duration = .milliseconds(200), statusRetries: Int = 2, chunkSize: Int = 256,
        settleTime: Duration = .milliseconds(500)
    ) {
        self.serial = serial
        self.codePage = codePage
        self.statusLayout = statusLayout
        self.cut = cut
        self.qrModuleSize = qrModuleSize
        self.pollInterval = pollInterval
        self.statusTimeout = statusTimeout
        self.resyncQuietTime = resyncQuietTime
        self.statusRetries = max(0, statusRetries)
        self.chunkSize = max(16, chunkSize)
        self.settleTime = settleTime
    }

    /// 9600 8N1, the usual factory setting of serial receipt printers.
    public static let defaultSerial: SerialPortSettings =
        (try? SerialPortSettings(baudRate: 9600)) ?? .ccTalk  // 9600 always exists; ccTalk is also 9600 8N1
}

/// Which bits of the paper sensor status mean what (per printer model).
public enum PrinterStatusLayout: Sendable, Hashable {
    /// Epson and most compatibles.
    case epson
    /// Citizen PPU-231II kiosk printer (presenter).
    case citizenPPU231
}

public enum PrinterCutKind: Sendable, Hashable {
    /// Epson TM-T88 models cut only partially.
    case partial
    case full
}
