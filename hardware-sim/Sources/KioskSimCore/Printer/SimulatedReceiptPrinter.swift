import DeviceProtocols

/// An ESC/POS thermal receipt printer. Everything the host sends is decoded with the same codec the
/// driver encodes with and printed onto an `ESCPOSPaper`; each cut finishes a `PrintedReceipt`.
/// `DLE EOT n` is answered at once from the printer's condition, as real printers do.
///
/// While it cannot print (paper out, cover open, cutter jammed) it still decodes its input, so status
/// requests are answered, but print data is thrown away — a job sent into that is simply lost.
public final class SimulatedReceiptPrinter: SimulatedDevice {
    public let name = "printer"
    /// `ESC t` page number this model uses for PC852.
    public let codePage: UInt8
    public let layout: ESCPOSPaperStatusLayout

    /// Receipts finished by a cut, oldest first.
    public private(set) var receipts: [PrintedReceipt] = []
    /// Uncut paper removed by `loadPaper()`.
    public private(set) var tornOff: [PrintedReceipt] = []

    public private(set) var paperOut = false
    public var paperNearEnd = false
    public var coverOpen = false
    public var cutterJammed = false
    /// Lines left on the roll when `runOutOfPaper(afterLines:)` set a limit.
    public private(set) var linesLeft: Int?

    /// Operations thrown away because the printer could not print.
    public private(set) var discardedOperations = 0
    public private(set) var malformedCommands: [ESCPOSDecodingError] = []
    public private(set) var statusRequestsAnswered = 0

    private var decoder: ESCPOSStreamDecoder
    private var paper = ESCPOSPaper()
    /// Items of `paper` already moved to `onPaper`.
    private var itemsSeen = 0
    /// Printed since the last cut.
    private var onPaper: [ESCPOSPaper.Item] = []

    public init(codePage: UInt8 = ESCPOSReceiptBuilder.pc852CodePage, layout: ESCPOSPaperStatusLayout = .epson) {
        self.codePage = codePage
        self.layout = layout
        decoder = ESCPOSStreamDecoder(cp852CodePages: [codePage])
    }

    /// What is printed since the last cut: a job half printed when the paper ran out stays here.
    public var uncut: PrintedReceipt? { onPaper.isEmpty ? nil : PrintedReceipt(items: onPaper, cut: nil) }

    public var canPrint: Bool { !paperOut && !coverOpen && !cutterJammed }

    // MARK: - Faults (for the control API and tests)

    public func runOutOfPaper() {
        paperOut = true
        linesLeft = nil
    }

    /// The roll ends after `lines` more printed lines (a QR code counts as one): a job is cut short.
    public func runOutOfPaper(afterLines lines: Int) {
        if lines <= 0 { runOutOfPaper() } else { linesLeft = lines }
    }

    /// A new roll: paper out and near end clear; uncut paper in the mouth is torn off. Print modes are
    /// forgotten as well (every kiosk job starts with `ESC @` anyway).
    public func loadPaper() {
        paperOut = false
        paperNearEnd = false
        linesLeft = nil
        if let uncut { tornOff.append(uncut) }
        onPaper = []
        paper = ESCPOSPaper()
        itemsSeen = 0
    }

    // MARK: - SimulatedDevice

    public func receive(_ bytes: [UInt8], at now: Duration) -> [UInt8] {
        var reply: [UInt8] = []
        for event in decoder.receive(bytes) {
            switch event {
            case let .malformed(error):
                malformedCommands.append(error)
            case let .operation(.statusRequest(request)):
                statusRequestsAnswered += 1
                reply.append(statusByte(for: request))
            case let .operation(operation):
                printOperation(operation)
            }
        }
        return reply
    }

    public func tick(at now: Duration) -> [UInt8] { [] }

    /// A half-received command and the unprinted line buffer are lost; what is on paper stays, and so do
    /// the physical faults (an empty roll does not refill itself).
    public func powerCycle() {
        decoder = ESCPOSStreamDecoder(cp852CodePages: [codePage])
        paper = ESCPOSPaper()
        itemsSeen = 0
    }

    public func describe(_ bytes: [UInt8], fromHost: Bool) -> String {
        guard fromHost else {
            return bytes.map { "status \(PrinterDescription.hex($0))" }.joined(separator: ", ")
        }
        var chunkDecoder = ESCPOSStreamDecoder(cp852CodePages: [codePage], powerOnCodePage: codePage)
        let events = chunkDecoder.receive(bytes) + chunkDecoder.finish()
        return events.map(PrinterDescription.describe).joined(separator: " · ")
    }

    public func status() -> [String: String] {
        [
            "paper": paperOut ? "out" : (paperNearEnd ? "near_end" : "ok"),
            "cover": coverOpen ? "open" : "closed",
            "cutter": cutterJammed ? "jammed" : "ok",
            "lines_left": linesLeft.map(String.init) ?? "",
            "receipts": String(receipts.count),
            "last_receipt": receipts.last?.text ?? "",
            "uncut": uncut?.text ?? "",
            "torn_off": String(tornOff.count),
            "discarded_operations": String(discardedOperations),
            "malformed_commands": String(malformedCommands.count),
        ]
    }

    // MARK: - Printing

    private func printOperation(_ operation: ESCPOSOperation) {
        guard canPrint else {
            discardedOperations += 1
            return
        }
        paper.apply(operation)
        let newItems = paper.items.dropFirst(itemsSeen)
        itemsSeen = paper.items.count
        for item in newItems {
            // The roll can end part-way through one operation (ESC d n feeds several lines).
            guard canPrint else { continue }
            switch item {
            case let .cut(cut):
                if !onPaper.isEmpty { receipts.append(PrintedReceipt(items: onPaper, cut: cut)) }
                onPaper = []
            case .line, .qrCode:
                onPaper.append(item)
                useOneLineOfPaper()
            }
        }
    }

    private func useOneLineOfPaper() {
        guard let left = linesLeft else { return }
        if left <= 1 { runOutOfPaper() } else { linesLeft = left - 1 }
    }

    private func statusByte(for request: ESCPOSStatusRequest) -> UInt8 {
        let byte: ESCPOSStatusByte
        switch request {
        case .printer:
            byte = ESCPOSPrinterStatus(offline: !canPrint).statusByte
        case .offlineCause:
            byte = ESCPOSOfflineStatus(coverOpen: coverOpen, printingStoppedByPaperEnd: paperOut,
                                       errorOccurred: cutterJammed).statusByte
        case .errorCause:
            byte = ESCPOSErrorStatus(autocutterError: cutterJammed).statusByte
        case .paperSensor:
            // The near-end sensor sees no paper either once the roll is out.
            byte = ESCPOSPaperStatus(paperNearEnd: paperNearEnd || paperOut, paperOut: paperOut).statusByte(layout: layout)
        }
        return byte.rawValue
    }
}
