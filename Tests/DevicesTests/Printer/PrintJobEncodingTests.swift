import DeviceProtocols
@testable import Devices
import Testing

@Suite struct PrintJobEncodingTests {
    private func paper(for bytes: [UInt8]) throws -> ESCPOSPaper {
        var paper = ESCPOSPaper()
        paper.apply(try ESCPOSDecoder().decode(bytes))
        return paper
    }

    @Test func stylesAreEmittedOnlyWhenTheyChange() throws {
        let job = PrintJob(id: PrintJobID("A"), lines: [
            PrintLine("Velký", alignment: .center, bold: true, large: true),
            PrintLine("Druhý", alignment: .center, bold: true, large: true),
            PrintLine("Malý"),
        ], cut: false)
        let bytes = try PrintJobEncoding(job, configuration: printerTestConfiguration()).bytes
        let expected: [UInt8] = [0x1B, 0x40, 0x1B, 0x74, 0x12,
                                 0x1B, 0x61, 0x01, 0x1B, 0x45, 0x01, 0x1D, 0x21, 0x11] + CP852.encode("Velký") + [0x0A]
            + CP852.encode("Druhý") + [0x0A]
            + [0x1B, 0x61, 0x00, 0x1B, 0x45, 0x00, 0x1D, 0x21, 0x00] + CP852.encode("Malý") + [0x0A]
        #expect(bytes == expected)
    }

    @Test func czechReceiptWithQRDecodesBackToTheSameLinesStylesAndPayload() throws {
        let job = PrintJob(id: PrintJobID("B"), lines: printerCzechLines, qrPayload: printerSpaydPayload)
        let paper = try paper(for: PrintJobEncoding(job, configuration: printerTestConfiguration()).bytes)
        #expect(paper.textLines == printerCzechPrinted)
        let lines = paper.items.compactMap { if case let .line(line) = $0 { line } else { nil } }
        for (line, wanted) in zip(lines, printerCzechLines) {
            #expect(line.alignment == wanted.alignment.escpos)
            #expect(line.emphasized == wanted.bold)
            #expect(line.size == (wanted.large ? .doubleWidthAndHeight : .normal))
        }
        #expect(paper.items.suffix(2) == [
            .qrCode(data: Array(printerSpaydPayload.utf8), moduleSize: 6, errorCorrection: .m),
            .cut(.feedAndPartial(0)),
        ])
    }

    @Test func configurationChoosesCodePageCutAndModuleSize() throws {
        var configuration = printerTestConfiguration()
        configuration.codePage = 45
        configuration.cut = .full
        configuration.qrModuleSize = 4
        let job = PrintJob(id: PrintJobID("C"), lines: [PrintLine("x")], qrPayload: "Q")
        let bytes = try PrintJobEncoding(job, configuration: configuration).bytes
        #expect(Array(bytes.prefix(5)) == [0x1B, 0x40, 0x1B, 0x74, 45])
        #expect(Array(bytes.suffix(4)) == [0x1D, 0x56, 0x41, 0x00])
        let operations = try ESCPOSDecoder(cp852CodePages: [45]).decode(bytes)
        #expect(operations.contains(.qrCode(.moduleSize(4))))
    }

    /// Status requests go only where a chunk ends at a command boundary, so each such prefix of the job must
    /// decode cleanly on its own; a long QR payload is split without a boundary inside it.
    @Test func chunksEndOnlyAtCommandBoundariesExceptInsideALongCommand() throws {
        let longPayload = String(repeating: "SPD*1.0*ACC:CZ6508000000192000145399*", count: 8)
        let job = PrintJob(id: PrintJobID("D"), lines: printerCzechLines, qrPayload: longPayload)
        let encoding = try PrintJobEncoding(job, configuration: printerTestConfiguration(chunkSize: 32))
        #expect(encoding.chunks.allSatisfy { $0.bytes.count <= 32 && !$0.bytes.isEmpty })
        #expect(encoding.chunks.contains { !$0.endsAtCommandBoundary }, "the QR store command spans chunks")
        var prefix: [UInt8] = []
        for chunk in encoding.chunks {
            prefix += chunk.bytes
            if chunk.endsAtCommandBoundary { _ = try ESCPOSDecoder().decode(prefix) }
        }
        let unsplit = try PrintJobEncoding(job, configuration: printerTestConfiguration(chunkSize: 10_000))
        #expect(unsplit.chunks.count == 1)
        #expect(prefix == unsplit.bytes)
    }

    @Test func packKeepsSegmentsWholeWhenTheyFit() {
        let chunks = PrintJobEncoding.pack([[1, 2], [3, 4, 5], [6], [7, 8, 9, 10, 11]], chunkSize: 4)
        #expect(chunks.map(\.bytes) == [[1, 2], [3, 4, 5, 6], [7, 8, 9, 10], [11]])
        #expect(chunks.map(\.endsAtCommandBoundary) == [true, true, false, true])
    }

    @Test func statusReadMapsEachConditionWithItsPrecedence() {
        typealias Read = PrinterStatusRead
        let paperOut = ESCPOSPaperStatus(paperNearEnd: true, paperOut: true)
        let nearEnd = ESCPOSPaperStatus(paperNearEnd: true)
        let fine = ESCPOSPaperStatus()
        let coverAndPaper = ESCPOSOfflineStatus(coverOpen: true, printingStoppedByPaperEnd: true)
        #expect(Read.condition(offline: true, cause: coverAndPaper, errors: nil, paper: paperOut) == .coverOpen)
        #expect(Read.condition(offline: true, cause: ESCPOSOfflineStatus(), errors: nil, paper: paperOut) == .paperOut)
        #expect(Read.condition(offline: true, cause: ESCPOSOfflineStatus(errorOccurred: true),
                               errors: ESCPOSErrorStatus(autocutterError: true), paper: nearEnd) == .error)
        #expect(Read.condition(offline: true, cause: ESCPOSOfflineStatus(paperFedByFeedButton: true), errors: nil, paper: fine) == .offline)
        #expect(Read.condition(offline: false, cause: nil, errors: nil, paper: nearEnd) == .paperNearEnd)
        #expect(Read.condition(offline: false, cause: nil, errors: nil, paper: fine) == .ready)
    }

    @Test func paperSensorBitsAreReadPerModel() {
        var read = PrinterStatusRead()
        #expect(read.accept([0x12], layout: .citizenPPU231) == .askNext)
        // 0x52 sets bit 6 only: the presenter sensor on the Citizen, paper end on an Epson.
        #expect(read.accept([0x52], layout: .citizenPPU231) == .complete(.ready))
        var epson = PrinterStatusRead()
        _ = epson.accept([0x12], layout: .epson)
        #expect(epson.accept([0x52], layout: .epson) == .complete(.paperOut))
    }
}
