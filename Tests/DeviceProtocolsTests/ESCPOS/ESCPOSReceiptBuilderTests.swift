import Testing
@testable import DeviceProtocols

@Suite struct ESCPOSReceiptBuilderTests {
    typealias T = ESCPOSTestSupport

    @Test func smallReceiptHasExactBytes() throws {
        var receipt = ESCPOSReceiptBuilder()
        receipt.initialize()
        receipt.align(.center)
        receipt.bold(true)
        receipt.doubleSize(true)
        receipt.line("Účet")
        receipt.doubleSize(false)
        receipt.bold(false)
        receipt.align(.left)
        receipt.line("Celkem 20 Kč")
        try receipt.qrCode("ABC")
        receipt.feed(lines: 3)
        receipt.cut(.partial)
        let expected = T.bytes("1B 40 1B 74 12 1B 61 01 1B 45 01 1D 21 11")
            + [0xE9, 0x9F, 0x65, 0x74, 0x0A]
            + T.bytes("1D 21 00 1B 45 00 1B 61 00") + Array("Celkem 20 K".utf8) + [0x9F, 0x0A]
            + T.bytes("1D 28 6B 04 00 31 41 32 00 1D 28 6B 03 00 31 43 06 1D 28 6B 03 00 31 45 31")
            + T.bytes("1D 28 6B 06 00 31 50 30 41 42 43 1D 28 6B 03 00 31 51 30")
            + T.bytes("1B 64 03 1D 56 01")
        #expect(receipt.bytes == expected)
    }

    @Test func qrStoreLengthIsLittleEndianDataPlusThree() throws {
        var receipt = ESCPOSReceiptBuilder()
        try receipt.qrCode([UInt8](repeating: 0x41, count: 300), moduleSize: 4, errorCorrection: .q)
        let store = T.bytes("1D 28 6B") + [0x2F, 0x01] + [0x31, 0x50, 0x30]
        #expect(receipt.bytes.count == 9 + 8 + 8 + (8 + 300) + 8)
        #expect(Array(receipt.bytes[25..<33]) == store)
    }

    @Test func qrArgumentsAreValidated() {
        var receipt = ESCPOSReceiptBuilder()
        #expect(throws: ESCPOSBuilderError.qrDataEmpty) { try receipt.qrCode([UInt8]()) }
        #expect(throws: ESCPOSBuilderError.qrModuleSizeOutOfRange(found: 17)) { try receipt.qrCode("x", moduleSize: 17) }
        #expect(throws: ESCPOSBuilderError.qrDataTooLong(maximum: 7089, found: 7090)) {
            try receipt.qrCode([UInt8](repeating: 0x31, count: 7090))
        }
        #expect(receipt.bytes.isEmpty)
    }

    @Test func lineBreaksAndTabsInTextAreNormalised() {
        var receipt = ESCPOSReceiptBuilder()
        receipt.text("a\r\nb\rc\td\n")
        #expect(receipt.bytes == Array("a\nb\nc d\n".utf8))
    }

    @Test func cutVariants() {
        var receipt = ESCPOSReceiptBuilder()
        receipt.cut(.full)
        receipt.cut(.partial, feedUnits: 10)
        receipt.cut(.full, feedUnits: 0)
        #expect(receipt.bytes == T.bytes("1D 56 00 1D 56 42 0A 1D 56 41 00"))
    }

    @Test func codePageNumberIsConfigurable() {
        var receipt = ESCPOSReceiptBuilder(codePage: 46)
        receipt.initialize()
        #expect(receipt.bytes == T.bytes("1B 40 1B 74 2E"))
    }
}
