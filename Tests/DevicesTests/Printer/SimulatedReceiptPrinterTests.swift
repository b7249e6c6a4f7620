import DeviceProtocols
import KioskSimCore
import Testing

/// The simulated printer on its own: status bytes, printing, faults.
@Suite struct SimulatedReceiptPrinterTests {
    private func statusBytes(_ printer: SimulatedReceiptPrinter) -> [UInt8] {
        printer.receive(PrinterRequest.printer + PrinterRequest.offlineCause + PrinterRequest.errorCause + PrinterRequest.paperSensor, at: .zero)
    }

    @Test func statusBytesFollowTheCondition() {
        let printer = SimulatedReceiptPrinter()
        #expect(statusBytes(printer) == [0x12, 0x12, 0x12, 0x12])
        printer.paperNearEnd = true
        #expect(statusBytes(printer) == [0x12, 0x12, 0x12, 0x1E])
        printer.runOutOfPaper()
        #expect(statusBytes(printer) == [0x1A, 0x32, 0x12, 0x7E])
        printer.loadPaper()
        printer.coverOpen = true
        #expect(statusBytes(printer) == [0x1A, 0x16, 0x12, 0x12])
        printer.coverOpen = false
        printer.cutterJammed = true
        #expect(statusBytes(printer) == [0x1A, 0x52, 0x1A, 0x12])
        #expect(printer.statusRequestsAnswered == 20)
    }

    @Test func citizenLayoutReportsPaperEndInBitFiveOnly() {
        let printer = SimulatedReceiptPrinter(layout: .citizenPPU231)
        printer.runOutOfPaper()
        #expect(printer.receive(PrinterRequest.paperSensor, at: .zero) == [0x3E])
    }

    @Test func receiptsSplitAtCutsAndKeepCzechText() throws {
        let printer = SimulatedReceiptPrinter()
        var builder = ESCPOSReceiptBuilder()
        builder.initialize()
        builder.line("Příliš žluťoučký kůň")
        builder.cut()
        builder.line("Úpěl ďábelské ódy")
        try builder.qrCode("SPD*1.0")
        builder.cut(.full)
        builder.line("zbytek")
        #expect(printer.receive(builder.bytes, at: .zero).isEmpty)
        #expect(printer.receipts.map(\.lines) == [["Příliš žluťoučký kůň"], ["Úpěl ďábelské ódy"]])
        #expect(printer.receipts.map(\.cut) == [.partial, .full])
        #expect(printer.receipts[1].text == "Úpěl ďábelské ódy\n[QR SPD*1.0]")
        #expect(printer.uncut?.lines == ["zbytek"])
        #expect(printer.status()["receipts"] == "2")
        #expect(printer.status()["last_receipt"] == "Úpěl ďábelské ódy\n[QR SPD*1.0]")
        #expect(printer.status()["uncut"] == "zbytek")
    }

    @Test func paperRunsOutAfterTheGivenLinesAndTheRestIsDiscarded() {
        let printer = SimulatedReceiptPrinter()
        printer.runOutOfPaper(afterLines: 2)
        var builder = ESCPOSReceiptBuilder()
        builder.initialize()
        builder.line("1")
        builder.feed(lines: 3)  // the roll ends inside this feed
        builder.line("3")
        builder.cut()
        _ = printer.receive(builder.bytes, at: .zero)
        #expect(printer.paperOut)
        #expect(printer.uncut?.lines == ["1", ""])
        #expect(printer.receipts.isEmpty)
        #expect(printer.discardedOperations == 3, "line 3, its LF and the cut")
        #expect(printer.status()["paper"] == "out")
        printer.loadPaper()
        #expect(printer.tornOff.map(\.lines) == [["1", ""]])
        #expect(printer.uncut == nil && !printer.paperOut)
    }

    @Test func statusIsAnsweredMidJobWhatEverTheChunking() {
        let printer = SimulatedReceiptPrinter()
        var builder = ESCPOSReceiptBuilder()
        builder.initialize()
        builder.text("bez konce řádku")
        builder.append(.statusRequest(.paperSensor))
        builder.line(" a dál")
        var replies: [UInt8] = []
        for byte in builder.bytes { replies += printer.receive([byte], at: .zero) }
        #expect(replies == [0x12])
        #expect(printer.uncut?.lines == ["bez konce řádku a dál"])
    }

    @Test func malformedInputIsRecordedAndSkipped() {
        let printer = SimulatedReceiptPrinter()
        _ = printer.receive([0x1B, 0x74, 0x12, 0x07] + CP852.encode("ok") + [0x0A], at: .zero)
        #expect(printer.malformedCommands == [.unsupportedControlByte(0x07, offset: 3)])
        #expect(printer.uncut?.lines == ["ok"])
        #expect(printer.status()["malformed_commands"] == "1")
    }

    @Test func describeNamesOperationsAndStatusBytes() {
        let printer = SimulatedReceiptPrinter()
        let fromHost = printer.describe([0x1B, 0x40] + CP852.encode("Kč") + [0x0A] + PrinterRequest.paperSensor, fromHost: true)
        #expect(fromHost == "ESC @ · \"Kč\" · LF · DLE EOT 4 (paperSensor)")
        #expect(printer.describe([0x12], fromHost: false) == "status 0x12")
    }
}
