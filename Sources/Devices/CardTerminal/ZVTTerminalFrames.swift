import DeviceProtocols
import TownCore

/// The ECR's frames, encoded once at start-up (so a bad configuration fails there, not mid-payment),
/// plus the two that carry per-command data.
struct ZVTTerminalFrames: Equatable, Sendable {
    /// Repeat Receipt 06 20 `[password]` (protocols.md §5.2). The codec does not model it, so it is built here.
    static let repeatReceiptCommand = ZVTCommandCode(0x06, 0x20)

    let registration: [UInt8]
    let statusEnquiry: [UInt8]
    let repeatReceipt: [UInt8]
    let endOfDay: [UInt8]
    let abort: [UInt8]
    let acknowledgement: [UInt8]
    let functionNotPossible: [UInt8]
    private let currency: ZVTCurrencyCode
    private let cardWaitSeconds: UInt8?
    private let password: ZVTPassword

    init(_ config: ZVTTerminalConfiguration) throws(ZVTCodecError) {
        let registrationBody = ZVTRegistration(password: config.password, config: config.registrationConfig,
                                               currency: config.currency, serviceByte: config.serviceByte)
        registration = try ZVTMessage.registration(registrationBody).encoded()
        statusEnquiry = try ZVTMessage.statusEnquiry(ZVTStatusEnquiry(password: config.password)).encoded()
        let passwordBytes = try ZVTBCD.encode(UInt64(config.password.value), byteCount: 3, context: "repeat receipt password")
        repeatReceipt = try ZVTAPDU(Self.repeatReceiptCommand, data: passwordBytes).encoded()
        endOfDay = try ZVTMessage.endOfDay(ZVTEndOfDay(password: config.password)).encoded()
        abort = try ZVTMessage.abortCommand.encoded()
        acknowledgement = try ZVTMessage.acknowledgement(.positive).encoded()
        functionNotPossible = try ZVTMessage.acknowledgement(.functionNotPossible).encoded()
        currency = config.currency
        cardWaitSeconds = config.cardWaitSeconds
        password = config.password
    }

    func authorization(_ amount: Money) throws(ZVTCodecError) -> [UInt8] {
        let body = ZVTAuthorization(amount: amount.halere, currency: currency, timeout: cardWaitSeconds)
        return try ZVTMessage.authorization(body).encoded()
    }

    func reversal(receiptNumber: UInt16) throws(ZVTCodecError) -> [UInt8] {
        try ZVTMessage.reversal(ZVTReversal(password: password, receiptNumber: receiptNumber)).encoded()
    }
}
