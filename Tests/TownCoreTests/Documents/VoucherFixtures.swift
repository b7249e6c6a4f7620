@testable import TownCore

/// Builders shared by the voucher tests.
enum VoucherFixtures {
    static let signature: [UInt8] = [0x30, 0x45, 0x02, 0x21]

    static func approvals() -> [VoucherApproval] {
        [
            VoucherApproval(role: .prikazceOperace, approverID: "starosta", signature: signature),
            VoucherApproval(role: .spravceRozpoctu, approverID: "vedouci-ekonom", signature: signature),
        ]
    }

    static func verifier() throws -> PinVerifier {
        try PinVerifier(algorithm: "pbkdf2-hmac-sha256", parameters: ["iterations": 600_000],
                        salt: Array(repeating: 7, count: 16), derivedKey: Array(repeating: 9, count: 32))
    }

    static func voucher(
        amount: Money = Money(crowns: 1_250), expiry: String = "2026-06-30", bound: String? = "K01",
        approvals: [VoucherApproval] = approvals()
    ) throws -> PayoutVoucher {
        try PayoutVoucher(
            id: VoucherID("PP2026000042"), amount: amount, payeeName: "Jan Novák", expiry: DayDate(parsing: expiry),
            boundKiosk: bound.map { try KioskCode($0) }, approvals: approvals, pinVerifier: verifier())
    }

    static func day(_ text: String) throws -> DayDate { try DayDate(parsing: text) }

    /// An approved voucher whose PIN was just verified, ready for `reservePayout`.
    static func verified(_ voucher: PayoutVoucher) throws -> PayoutVoucher {
        try voucher.applying(.pinAttemptStarted).applying(.pinAttemptSucceeded)
    }

    static func reserve(_ voucher: PayoutVoucher, on today: String = "2026-05-01") throws -> PayoutVoucher {
        try verified(voucher).applying(.reservePayout(kiosk: KioskCode("K01"), today: day(today)))
    }

    /// A voucher in `paying`.
    static func paying(amount: Money = Money(crowns: 1_250)) throws -> PayoutVoucher {
        try reserve(voucher(amount: amount).applying(.approve))
    }
}
