import Testing
@testable import DeviceProtocols

@Suite struct ESCPOSDecoderTests {
    typealias T = ESCPOSTestSupport

    private func sampleReceipt() throws -> ESCPOSReceiptBuilder {
        var receipt = ESCPOSReceiptBuilder()
        receipt.initialize()
        receipt.align(.center)
        receipt.doubleSize(true)
        receipt.line("Městský úřad Žďár")
        receipt.doubleSize(false)
        receipt.align(.left)
        receipt.bold(true)
        receipt.text("Poplatek za psa: ")
        receipt.bold(false)
        receipt.line("1 500 Kč")
        receipt.line(T.czechLetters)
        receipt.line()
        try receipt.qrCode("SPD*1.0*ACC:CZ6508000000192000145399*AM:1500.00*CC:CZK")
        receipt.feed(lines: 2)
        receipt.cut()
        return receipt
    }

    @Test func simulatedPaperShowsCzechTextIntact() throws {
        let operations = try ESCPOSDecoder().decode(sampleReceipt().bytes)
        var paper = ESCPOSPaper()
        paper.apply(operations)
        #expect(paper.textLines == ["Městský úřad Žďár", "Poplatek za psa: 1 500 Kč", T.czechLetters, "", "", ""])
        guard case let .line(title) = paper.items.first else {
            Issue.record("expected a title line")
            return
        }
        #expect(title.alignment == .center)
        #expect(title.size == .doubleWidthAndHeight)
        guard case let .line(fee) = paper.items[1] else { return }
        #expect(fee.emphasized && fee.alignment == .left && fee.size == .normal)
        #expect(paper.items.contains(.qrCode(data: Array("SPD*1.0*ACC:CZ6508000000192000145399*AM:1500.00*CC:CZK".utf8),
                                             moduleSize: 6, errorCorrection: .m)))
        #expect(paper.items.last == .cut(.partial))
    }

    @Test func operationsRoundTripThroughBytes() throws {
        let receipt = try sampleReceipt()
        let operations = try ESCPOSDecoder().decode(receipt.bytes)
        #expect(operations.flatMap(\.encoded) == receipt.bytes)
    }

    @Test func byteAtATimeStreamMatchesWholeJob() throws {
        let bytes = try sampleReceipt().bytes
        let whole = try ESCPOSDecoder().decode(bytes)
        var stream = ESCPOSStreamDecoder()
        var events: [ESCPOSStreamDecoder.Event] = []
        for byte in bytes { events += stream.receive([byte]) }
        events += stream.finish()
        #expect(events == whole.map { .operation($0) })
        #expect(stream.pendingByteCount == 0)
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let hex: String
        let error: ESCPOSDecodingError
        var testDescription: String { hex }
    }

    static let malformed: [Malformed] = [
        .init(hex: "1B 21 00", error: .unsupportedCommand(bytes: [0x1B, 0x21], offset: 0)),
        .init(hex: "1B 61 03", error: .invalidParameter(command: "ESC a", expected: "0–2 or 48–50", found: 3, offset: 0)),
        .init(hex: "1D 21 08", error: .invalidParameter(command: "GS !", expected: "0x00–0x77 with bits 3 and 7 clear", found: 8, offset: 0)),
        .init(hex: "1D 56 02", error: .invalidParameter(command: "GS V", expected: "0, 1, 48, 49, 65 or 66", found: 2, offset: 0)),
        .init(hex: "10 04 05", error: .invalidParameter(command: "DLE EOT", expected: "1–4", found: 5, offset: 0)),
        .init(hex: "10 14 01", error: .unsupportedCommand(bytes: [0x10, 0x14], offset: 0)),
        .init(hex: "41 07", error: .unsupportedControlByte(7, offset: 1)),
        .init(hex: "41 9F", error: .textInUnsupportedCodePage(page: 0, byte: 0x9F, offset: 1)),
        .init(hex: "1B 74 12 1B 40 9F", error: .textInUnsupportedCodePage(page: 0, byte: 0x9F, offset: 5)),
        .init(hex: "1B 74", error: .truncated(command: "ESC t", expectedBytes: 3, found: 2, offset: 0)),
        .init(hex: "1D 28 6B 06 00 31 50 30 41", error: .truncated(command: "GS ( k", expectedBytes: 11, found: 9, offset: 0)),
        .init(hex: "1D 28 6B 03 00 31 41 32", error: .invalidLength(command: "GS ( k", expected: "4 for QR model", found: 3, offset: 0)),
        .init(hex: "1D 28 6B 04 00 31 41 34 00", error: .invalidParameter(command: "GS ( k QR model", expected: "49–51", found: 0x34, offset: 0)),
        .init(hex: "1D 28 6B 03 00 31 43 00", error: .invalidParameter(command: "GS ( k QR module size", expected: "1–16", found: 0, offset: 0)),
        .init(hex: "1D 28 6B 03 00 31 45 34", error: .invalidParameter(command: "GS ( k QR error correction", expected: "48–51", found: 0x34, offset: 0)),
        .init(hex: "1D 28 6B 03 00 31 50 30", error: .invalidLength(command: "GS ( k", expected: "at least 4 for QR store", found: 3, offset: 0)),
        .init(hex: "1D 28 6B 03 00 31 51 31", error: .invalidParameter(command: "GS ( k QR print", expected: "m = 48", found: 0x31, offset: 0)),
        .init(hex: "1D 28 6B 03 00 30 41 02", error: .unsupportedCommand(bytes: [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x30, 0x41], offset: 0)),
        .init(hex: "1D 28 6B 01 00 31", error: .invalidLength(command: "GS ( k", expected: "at least 2", found: 1, offset: 0)),
    ]

    @Test(arguments: malformed)
    func malformedInputIsATypedError(_ vector: Malformed) {
        #expect(throws: vector.error) { try ESCPOSDecoder().decode(T.bytes(vector.hex)) }
    }

    @Test func streamReportsMalformedCommandsAndKeepsGoing() {
        var stream = ESCPOSStreamDecoder()
        let bytes = T.bytes("1B 40 1B 74 12 1B 21 00") + Array("Dík".utf8.map { $0 }) + [0x0A]
        var events = stream.receive(bytes)
        events += stream.finish()
        #expect(events.contains(.malformed(.unsupportedCommand(bytes: [0x1B, 0x21], offset: 5))))
        // 0x00 after the unknown command is itself a stray control byte.
        #expect(events.contains(.malformed(.unsupportedControlByte(0, offset: 7))))
        #expect(events.contains(.operation(.lineFeed)))
    }

    @Test func unsupportedGSParenFunctionIsSkippedWhole() {
        var stream = ESCPOSStreamDecoder()
        // GS ( L with a 4-byte body, then "A".
        let events = stream.receive(T.bytes("1D 28 4C 04 00 30 45 20 20 41 0A"))
        #expect(events == [
            .malformed(.unsupportedCommand(bytes: [0x1D, 0x28, 0x4C], offset: 0)),
            .operation(.text("A")),
            .operation(.lineFeed),
        ])
    }

    @Test func streamOffsetsCountAcrossChunks() {
        var stream = ESCPOSStreamDecoder()
        _ = stream.receive(Array("Hello".utf8) + [0x0A])
        let events = stream.receive([0x07])
        #expect(events == [.malformed(.unsupportedControlByte(7, offset: 6))])
    }

    @Test func truncatedCommandAtEndOfStreamIsReportedOnFinish() {
        var stream = ESCPOSStreamDecoder()
        #expect(stream.receive(T.bytes("1D 56")).isEmpty)
        #expect(stream.finish() == [.malformed(.truncated(command: "GS V", expectedBytes: 3, found: 2, offset: 0))])
    }

    @Test func cp852PageNumbersAreConfigurable() throws {
        let decoder = ESCPOSDecoder(cp852CodePages: [46])
        #expect(try decoder.decode(T.bytes("1B 74 2E 9F")) == [.selectCodePage(46), .text("č")])
        #expect(throws: ESCPOSDecodingError.self) { try decoder.decode(T.bytes("1B 74 12 9F")) }
    }

    @Test func initializeDropsUnprintedTextOnPaper() {
        var paper = ESCPOSPaper()
        paper.apply([.text("lost"), .initialize, .text("kept"), .lineFeed, .feedLines(2)])
        #expect(paper.textLines == ["kept", "", ""])
    }
}
