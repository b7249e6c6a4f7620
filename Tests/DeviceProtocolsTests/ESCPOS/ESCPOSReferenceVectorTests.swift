import Testing
@testable import DeviceProtocols

/// Every ESC/POS byte vector in protocols.md §4, encoded and decoded.
@Suite struct ESCPOSReferenceVectorTests {
    typealias T = ESCPOSTestSupport

    struct Vector: Sendable, CustomTestStringConvertible {
        let operation: ESCPOSOperation
        let hex: String
        var testDescription: String { hex }
    }

    static let vectors: [Vector] = [
        .init(operation: .initialize, hex: "1B 40"),
        .init(operation: .selectCodePage(18), hex: "1B 74 12"),
        .init(operation: .selectCodePage(39), hex: "1B 74 27"),
        .init(operation: .selectCodePage(45), hex: "1B 74 2D"),
        .init(operation: .selectCodePage(19), hex: "1B 74 13"),
        .init(operation: .selectCodePage(0), hex: "1B 74 00"),
        .init(operation: .align(.left), hex: "1B 61 00"),
        .init(operation: .align(.center), hex: "1B 61 01"),
        .init(operation: .align(.right), hex: "1B 61 02"),
        .init(operation: .emphasis(true), hex: "1B 45 01"),
        .init(operation: .emphasis(false), hex: "1B 45 00"),
        .init(operation: .characterSize(.doubleWidthAndHeight), hex: "1D 21 11"),
        .init(operation: .characterSize(.normal), hex: "1D 21 00"),
        .init(operation: .cut(.full), hex: "1D 56 00"),
        .init(operation: .cut(.partial), hex: "1D 56 01"),
        .init(operation: .cut(.feedAndFull(3)), hex: "1D 56 41 03"),
        .init(operation: .cut(.feedAndPartial(3)), hex: "1D 56 42 03"),
        .init(operation: .feedLines(4), hex: "1B 64 04"),
        .init(operation: .statusRequest(.printer), hex: "10 04 01"),
        .init(operation: .statusRequest(.offlineCause), hex: "10 04 02"),
        .init(operation: .statusRequest(.errorCause), hex: "10 04 03"),
        .init(operation: .statusRequest(.paperSensor), hex: "10 04 04"),
        .init(operation: .qrCode(.selectModel(.model2)), hex: "1D 28 6B 04 00 31 41 32 00"),
        .init(operation: .qrCode(.moduleSize(6)), hex: "1D 28 6B 03 00 31 43 06"),
        .init(operation: .qrCode(.errorCorrection(.l)), hex: "1D 28 6B 03 00 31 45 30"),
        .init(operation: .qrCode(.errorCorrection(.m)), hex: "1D 28 6B 03 00 31 45 31"),
        .init(operation: .qrCode(.errorCorrection(.q)), hex: "1D 28 6B 03 00 31 45 32"),
        .init(operation: .qrCode(.errorCorrection(.h)), hex: "1D 28 6B 03 00 31 45 33"),
        .init(operation: .qrCode(.store(Array("ABC".utf8))), hex: "1D 28 6B 06 00 31 50 30 41 42 43"),
        .init(operation: .qrCode(.print), hex: "1D 28 6B 03 00 31 51 30"),
        .init(operation: .text("Kč"), hex: "4B 9F"),
    ]

    @Test(arguments: vectors)
    func operationEncodesToReferenceBytes(_ vector: Vector) {
        #expect(vector.operation.encoded == T.bytes(vector.hex))
    }

    @Test(arguments: vectors)
    func referenceBytesDecodeToOperation(_ vector: Vector) throws {
        // Text needs the CP852 page selected first.
        let prefix: [UInt8] = vector.operation == .text("Kč") ? [0x1B, 0x74, 18] : []
        let operations = try ESCPOSDecoder().decode(prefix + T.bytes(vector.hex))
        #expect(operations.last == vector.operation)
    }

    @Test(arguments: [("1D 56 30", ESCPOSCut.full), ("1D 56 31", .partial)])
    func asciiDigitCutParametersAreAccepted(hex: String, cut: ESCPOSCut) throws {
        #expect(try ESCPOSDecoder().decode(T.bytes(hex)) == [.cut(cut)])
    }

    @Test(arguments: [("1B 61 30", ESCPOSAlignment.left), ("1B 61 31", .center), ("1B 61 32", .right)])
    func asciiDigitAlignmentParametersAreAccepted(hex: String, alignment: ESCPOSAlignment) throws {
        #expect(try ESCPOSDecoder().decode(T.bytes(hex)) == [.align(alignment)])
    }

    @Test func sizeNibblesAreHeightLowWidthHigh() throws {
        #expect(try ESCPOSCharacterSize(width: 1, height: 2).parameter == 0x01)
        #expect(try ESCPOSCharacterSize(width: 2, height: 1).parameter == 0x10)
        #expect(try ESCPOSCharacterSize(width: 8, height: 8).parameter == 0x77)
        #expect(throws: ESCPOSBuilderError.characterSizeOutOfRange(width: 9, height: 1)) {
            try ESCPOSCharacterSize(width: 9, height: 1)
        }
    }

    /// CP852 bytes of every Czech letter as listed in the reference (Python `cp852`).
    @Test func czechLettersUseReferenceBytes() {
        let table: [(Character, UInt8)] = [
            ("Á", 0xB5), ("á", 0xA0), ("Č", 0xAC), ("č", 0x9F), ("Ď", 0xD2), ("ď", 0xD4), ("É", 0x90), ("é", 0x82),
            ("Ě", 0xB7), ("ě", 0xD8), ("Í", 0xD6), ("í", 0xA1), ("Ň", 0xD5), ("ň", 0xE5), ("Ó", 0xE0), ("ó", 0xA2),
            ("Ř", 0xFC), ("ř", 0xFD), ("Š", 0xE6), ("š", 0xE7), ("Ť", 0x9B), ("ť", 0x9C), ("Ú", 0xE9), ("ú", 0xA3),
            ("Ů", 0xDE), ("ů", 0x85), ("Ý", 0xED), ("ý", 0xEC), ("Ž", 0xA6), ("ž", 0xA7),
        ]
        for (letter, byte) in table {
            #expect(CP852.encode(String(letter)) == [byte], "\(letter)")
        }
    }
}
