import Testing
@testable import DeviceProtocols

@Suite struct ZVTPANMaskingTests {
    @Test func keepsAtMostFirstSixAndLastFour() {
        #expect(ZVTPANMasking.mask("4111111111111111") == "411111******1111")
        #expect(ZVTPANMasking.mask("5500005555555559") == "550000******5559")
        #expect(ZVTPANMasking.mask("4222222222222") == "422222***2222")               // 13 digits: 3 hidden
        #expect(ZVTPANMasking.mask("6759649826438453127") == "675964*********3127")   // 19 digits
    }

    @Test func shortNumbersRevealLess() {
        #expect(ZVTPANMasking.mask("123456789012") == "********9012")   // 12 digits: last four only
        #expect(ZVTPANMasking.mask("12345678") == "****5678")
        #expect(ZVTPANMasking.mask("1234567") == "*******")              // under 8: nothing visible
        #expect(ZVTPANMasking.mask("") == "")
    }

    @Test func alreadyMaskedPositionsStayMaskedAndNonDigitsCountAsMasked() {
        #expect(ZVTPANMasking.mask("************4771") == "************4771")
        #expect(ZVTPANMasking.mask("EEEEEEEEEEEE4771") == "************4771")
        #expect(ZVTPANMasking.mask("4111 1111 1111 1111").filter { $0.isNumber }.count <= 10)
    }

    @Test func maskIsIdempotentAndNeverRevealsMoreThanTenDigits() {
        var generator = ZVTSeededGenerator(seed: 0x5A17)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...25, using: &generator)
            let digits: [UInt8?] = (0..<length).map { _ in
                Bool.random(using: &generator) ? nil : UInt8.random(in: 0...9, using: &generator)
            }
            let masked = ZVTPANMasking.mask(digits)
            #expect(masked.count == digits.count)
            #expect(ZVTPANMasking.mask(masked) == masked)
            #expect(masked.compactMap { $0 }.count <= 10)
            #expect(!ZVTPANMasking.exceedsVisibleLimit(masked))
            if length < 8 { #expect(masked.allSatisfy { $0 == nil }) }
        }
    }

    @Test func cardNumberTypeCannotHoldAClearPAN() throws {
        let clear: [UInt8?] = [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        #expect(ZVTPANMasking.exceedsVisibleLimit(clear))
        let card = try ZVTCardNumber(digits: clear)
        #expect(card.wasMaskedByCodec)
        #expect(card.maskedText == "411111******1111")
        #expect(!String(describing: card).contains("4111111111111111"))
        #expect(throws: ZVTCodecError.invalidCardNumberNibble(12)) { try ZVTCardNumber(digits: [12]) }
    }
}
