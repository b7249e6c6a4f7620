import DeviceProtocols

/// One reading of the printer's condition through `DLE EOT` requests, each answered by one status byte:
/// printer status (1); only when offline, the offline cause (2) and, when that names an error, the error
/// cause (3); always the paper sensor (4), which alone knows "near end". A healthy printer costs two bytes.
struct PrinterStatusRead: Sendable, Hashable {
    enum Outcome: Sendable, Hashable {
        /// Ask `request` next.
        case askNext
        case complete(PrinterCondition)
        /// Not one status byte; the text says what was found.
        case unexpected(String)
    }

    private(set) var request = ESCPOSStatusRequest.printer
    /// Failed attempts so far (no answer or a garbled one).
    var failures = 0
    private var printer: ESCPOSPrinterStatus?
    private var offline: ESCPOSOfflineStatus?
    private var errors: ESCPOSErrorStatus?

    /// The reply to `request`. A request is answered by exactly one byte, so anything else is garbage
    /// (or a late reply to an earlier request sharing the chunk).
    mutating func accept(_ reply: [UInt8], layout: PrinterStatusLayout) -> Outcome {
        guard reply.count == 1, let byte = reply.first else {
            return .unexpected("expected 1 status byte for DLE EOT \(request.rawValue), found \(reply.count): \(Self.hex(reply))")
        }
        let status: ESCPOSStatusByte
        do {
            status = try ESCPOSStatusByte(byte)
        } catch {
            return .unexpected("DLE EOT \(request.rawValue): \(error.description)")
        }
        switch request {
        case .printer:
            let printer = ESCPOSPrinterStatus(status)
            self.printer = printer
            request = printer.offline ? .offlineCause : .paperSensor
        case .offlineCause:
            let offline = ESCPOSOfflineStatus(status)
            self.offline = offline
            request = offline.errorOccurred ? .errorCause : .paperSensor
        case .errorCause:
            errors = ESCPOSErrorStatus(status)
            request = .paperSensor
        case .paperSensor:
            let paper = ESCPOSPaperStatus(status, layout: layout.escpos)
            return .complete(Self.condition(offline: printer?.offline == true, cause: offline, errors: errors, paper: paper))
        }
        return .askNext
    }

    /// The most pressing condition: what a technician must fix first comes first.
    static func condition(offline: Bool, cause: ESCPOSOfflineStatus?, errors: ESCPOSErrorStatus?,
                          paper: ESCPOSPaperStatus) -> PrinterCondition {
        let flags = ESCPOSPrinterCondition(offline: cause, error: errors, paper: paper)
        if flags.coverOpen { return .coverOpen }
        if flags.paperOut { return .paperOut }
        if flags.error { return .error }
        if offline { return .offline }
        if flags.paperNearEnd { return .paperNearEnd }
        return .ready
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.prefix(16).map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count < 2 ? "0" + digits : digits
        }.joined(separator: " ") + (bytes.count > 16 ? " …" : "")
    }
}

extension PrinterStatusLayout {
    var escpos: ESCPOSPaperStatusLayout {
        switch self {
        case .epson: .epson
        case .citizenPPU231: .citizenPPU231
        }
    }
}
