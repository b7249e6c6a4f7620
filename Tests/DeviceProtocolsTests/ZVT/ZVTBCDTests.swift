import Testing
@testable import DeviceProtocols

@Suite struct ZVTBCDTests {
    @Test func amountsAreSixBytesOfMinorUnits() throws {
        #expect(try ZVTBCD.encodeAmount(1_050) == [0x00, 0x00, 0x00, 0x00, 0x10, 0x50])
        #expect(try ZVTBCD.encodeAmount(0) == [0, 0, 0, 0, 0, 0])
        #expect(try ZVTBCD.encodeAmount(ZVTBCD.maximumAmount) == [UInt8](repeating: 0x99, count: 6))
        #expect(try ZVTBCD.decodeAmount([0x00, 0x00, 0x00, 0x01, 0x50, 0x00]) == 15_000)
        #expect(try ZVTBCD.decodeAmount([UInt8](repeating: 0x99, count: 6)) == 999_999_999_999)
    }

    @Test func amountEncodingRejectsNegativeAndOverflow() {
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "amount", value: -1, allowed: 0...999_999_999_999)) {
            try ZVTBCD.encodeAmount(-1)
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "amount", value: 1_000_000_000_000, allowed: 0...999_999_999_999)) {
            try ZVTBCD.encodeAmount(1_000_000_000_000)
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "amount", value: .max, allowed: 0...999_999_999_999)) {
            try ZVTBCD.encodeAmount(.max)
        }
    }

    @Test func decodingRejectsNonDecimalNibblesInEitherHalf() {
        #expect(throws: ZVTCodecError.invalidBCD(context: "amount", byte: 0x1A)) {
            try ZVTBCD.decodeAmount([0x00, 0x00, 0x00, 0x00, 0x1A, 0x00])
        }
        #expect(throws: ZVTCodecError.invalidBCD(context: "amount", byte: 0xF0)) {
            try ZVTBCD.decodeAmount([0xF0, 0x00, 0x00, 0x00, 0x00, 0x00])
        }
        #expect(throws: ZVTCodecError.wrongFieldSize(context: "amount", expected: 6, found: 5)) {
            try ZVTBCD.decodeAmount([0, 0, 0, 0, 0])
        }
    }

    @Test func genericWidthsRoundTripAndBoundsAreEnforced() throws {
        for (value, width) in [(UInt64(0), 1), (99, 1), (470, 2), (9_999, 2), (123_456, 3), (28_004_869, 4),
                               (999_999_999_999_999_999, 9)] {
            let bytes = try ZVTBCD.encode(value, byteCount: width, context: "n")
            #expect(bytes.count == width)
            #expect(try ZVTBCD.decode(bytes, context: "n") == value)
        }
        #expect(try ZVTBCD.encode(470, byteCount: 2, context: "n") == [0x04, 0x70])
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "n", value: 100, allowed: 0...99)) {
            try ZVTBCD.encode(100, byteCount: 1, context: "n")
        }
        #expect(throws: ZVTCodecError.tooLong(context: "n", length: 10, limit: 9)) {
            try ZVTBCD.encode(1, byteCount: 10, context: "n")
        }
        #expect(throws: ZVTCodecError.tooLong(context: "n", length: 10, limit: 9)) {
            try ZVTBCD.decode([UInt8](repeating: 0x99, count: 10), context: "n")
        }
        #expect(throws: ZVTCodecError.truncated(context: "n", needed: 1, available: 0)) {
            try ZVTBCD.decode([], context: "n")
        }
    }

    @Test func valueTypesRejectOutOfRangeInput() {
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "password", value: 1_000_000, allowed: 0...999_999)) {
            try ZVTPassword(1_000_000)
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "currency code", value: 1_000, allowed: 0...999)) {
            try ZVTCurrencyCode(1_000)
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "time hour", value: 24, allowed: 0...23)) {
            try ZVTTime(hour: 24, minute: 0, second: 0)
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "date month", value: 13, allowed: 1...12)) {
            try ZVTMonthDay(month: 13, day: 1)
        }
        #expect(throws: ZVTCodecError.valueOutOfRange(context: "expiry month", value: 0, allowed: 1...12)) {
            try ZVTExpiryDate(year: 25, month: 0)
        }
    }

    @Test func passwordNeverPrintsItsDigits() throws {
        let password = try ZVTPassword(123_456)
        #expect(!String(describing: password).contains("123456"))
        #expect(try password.encoded() == [0x12, 0x34, 0x56])
    }
}
