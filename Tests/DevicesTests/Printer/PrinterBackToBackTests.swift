import DeviceProtocols
import Devices
import KioskSimCore
import Testing

/// The driver against the simulated printer in memory, every byte crossing alone in both directions.
@Suite struct PrinterBackToBackTests {
    private let receipt = PrintJob(id: PrintJobID("2025/000123"), lines: printerCzechLines, qrPayload: printerSpaydPayload)

    @Test func czechReceiptWithQRArrivesExactly() throws {
        var wire = PrinterBackToBack()
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printed(receipt.id))
        #expect(wire.events.prefix(2) == [.ready, .condition(.ready)])
        let printed = try #require(wire.printer.receipts.first)
        #expect(wire.printer.receipts.count == 1)
        #expect(printed.lines == printerCzechPrinted)
        #expect(printed.qrPayloads == [printerSpaydPayload])
        #expect(printed.cut == .feedAndPartial(0))
        guard case let .line(title)? = printed.items.first else { Issue.record("no title line"); return }
        #expect(title.alignment == .center && title.emphasized && title.size == .doubleWidthAndHeight)
        #expect(wire.printer.malformedCommands.isEmpty)
        #expect(wire.printer.uncut == nil)
    }

    @Test func smallChunksWithStatusChecksBetweenThemChangeNothingOnPaper() throws {
        var wire = PrinterBackToBack(printerTestConfiguration(chunkSize: 16))
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printed(receipt.id))
        #expect(wire.printer.receipts.map(\.lines) == [printerCzechPrinted])
        #expect(wire.printer.receipts.first?.qrPayloads == [printerSpaydPayload])
        #expect(wire.printer.malformedCommands.isEmpty)
        // Every status request mid-job sits after a complete command: what was sent before it decodes alone.
        var sent: [UInt8] = []
        var checksBetweenChunks = 0
        for step in wire.written {
            if let bytes = step.printerSentBytes { sent += bytes; continue }
            guard !sent.isEmpty else { continue }
            #expect(throws: Never.self) { try ESCPOSDecoder().decode(sent) }
            checksBetweenChunks += 1
        }
        #expect(checksBetweenChunks > 10)
    }

    @Test func jobsPrintOneAfterAnotherInOrder() {
        var wire = PrinterBackToBack()
        let first = PrintJob(id: PrintJobID("1"), lines: [PrintLine("První")])
        let second = PrintJob(id: PrintJobID("2"), lines: [PrintLine("Druhý")])
        wire.submit(.print(first))
        wire.submit(.print(second))
        _ = wire.outcome(of: second.id)
        #expect(wire.events.filter { $0.isOutcome(of: first.id) || $0.isOutcome(of: second.id) }
            == [.printed(first.id), .printed(second.id)])
        #expect(wire.printer.receipts.map(\.lines) == [["První"], ["Druhý"]])
    }

    @Test func paperOutBeforeTheJobPrintsNothing() {
        let printer = SimulatedReceiptPrinter()
        printer.runOutOfPaper()
        var wire = PrinterBackToBack(printer: printer)
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printFailed(receipt.id, .notReady(.paperOut)))
        #expect(wire.events.contains(.condition(.paperOut)))
        #expect(wire.written.allSatisfy { $0.printerSentBytes == nil }, "not a byte of the job was sent")
        #expect(printer.receipts.isEmpty && printer.uncut == nil && printer.discardedOperations == 0)
    }

    @Test func paperRunningOutMidJobFailsAsPartialAndAReprintAfterRefillIsWhole() throws {
        let printer = SimulatedReceiptPrinter()
        printer.runOutOfPaper(afterLines: 3)
        var wire = PrinterBackToBack(printerTestConfiguration(chunkSize: 32), printer: printer)
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printFailed(receipt.id, .partial(.paperOut)))
        #expect(printer.receipts.isEmpty)
        #expect(printer.uncut?.lines == Array(printerCzechPrinted.prefix(3)), "half a receipt hangs out of the printer")
        let jobBytes = wire.written.compactMap(\.printerSentBytes).reduce(0) { $0 + $1.count }
        #expect(jobBytes < 120, "sending stopped soon after the paper ran out")

        printer.loadPaper()
        #expect(wire.run { $0.last == .condition(.ready) })
        let reprint = PrintJob(id: PrintJobID("2025/000123-2"), lines: receipt.lines, qrPayload: receipt.qrPayload)
        wire.submit(.print(reprint))
        #expect(wire.outcome(of: reprint.id) == .printed(reprint.id))
        #expect(printer.receipts.map(\.lines) == [printerCzechPrinted])
        #expect(printer.tornOff.map(\.lines) == [Array(printerCzechPrinted.prefix(3))])
    }

    @Test func coverOpenRefusesAndClosingItIsReported() {
        let printer = SimulatedReceiptPrinter()
        printer.coverOpen = true
        var wire = PrinterBackToBack(printer: printer)
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printFailed(receipt.id, .notReady(.coverOpen)))
        printer.coverOpen = false
        #expect(wire.run { $0.last == .condition(.ready) }, "the idle poll notices the closed cover")
        #expect(printer.receipts.isEmpty)
    }

    @Test func paperNearEndWarnsButPrints() {
        let printer = SimulatedReceiptPrinter()
        printer.paperNearEnd = true
        var wire = PrinterBackToBack(printer: printer)
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printed(receipt.id))
        #expect(wire.events.contains(.condition(.paperNearEnd)))
        #expect(printer.receipts.count == 1)
    }

    @Test func jammedCutterIsAnErrorCondition() {
        let printer = SimulatedReceiptPrinter()
        printer.cutterJammed = true
        var wire = PrinterBackToBack(printer: printer)
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printFailed(receipt.id, .notReady(.error)))
        #expect(wire.written.compactMap(\.printerFrame).contains(PrinterRequest.errorCause))
    }

    @Test func aSilentPrinterIsNotRespondingAndIsReadyAgainWhenItAnswers() {
        var wire = PrinterBackToBack()
        wire.silent = true
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printFailed(receipt.id, .notResponding(dataSent: false)))
        #expect(wire.events.first == .fault(.notResponding))
        wire.silent = false
        #expect(wire.run { $0.last == .condition(.ready) })
        #expect(wire.events.suffix(2) == [.ready, .condition(.ready)])
        #expect(wire.printer.receipts.isEmpty)
    }

    /// A job cut off inside a command would otherwise swallow the next job's bytes as the command's data.
    @Test func powerCycleClearsAHalfReceivedJob() throws {
        let printer = SimulatedReceiptPrinter()
        var builder = ESCPOSReceiptBuilder()
        builder.initialize()
        try builder.qrCode(printerSpaydPayload)
        _ = printer.receive(Array(builder.bytes.dropLast(40)), at: .zero)  // stops inside the QR store command
        printer.powerCycle()
        var wire = PrinterBackToBack(printer: printer)
        wire.submit(.print(receipt))
        #expect(wire.outcome(of: receipt.id) == .printed(receipt.id))
        #expect(printer.receipts.map(\.lines) == [printerCzechPrinted])
        #expect(printer.receipts.first?.qrPayloads == [printerSpaydPayload])
        #expect(printer.malformedCommands.isEmpty)
    }
}
