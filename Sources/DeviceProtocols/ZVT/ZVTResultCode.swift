/// A ZVT result/error code (BMP 27, the byte of Abort 06 1E, the xx of a negative acknowledgement 84 xx).
///
/// Every byte value is representable; `meaning` names the documented ones (Portalum
/// `EnglishErrorMessageRepository`, from ZVT spec 13.09) and `category` is what the engine acts on.
public struct ZVTResultCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let success = ZVTResultCode(rawValue: 0x00)
    public static let cardNotReadable = ZVTResultCode(rawValue: 0x64)
    public static let processingError = ZVTResultCode(rawValue: 0x66)
    public static let abortedByTimeoutOrUser = ZVTResultCode(rawValue: 0x6C)
    public static let wrongCurrency = ZVTResultCode(rawValue: 0x6F)
    public static let cardExpired = ZVTResultCode(rawValue: 0x78)
    public static let cardUnknown = ZVTResultCode(rawValue: 0x7A)
    public static let functionNotPossible = ZVTResultCode(rawValue: 0x83)
    public static let protocolError = ZVTResultCode(rawValue: 0x9A)
    public static let pleaseWait = ZVTResultCode(rawValue: 0x9C)
    public static let receiverNotReady = ZVTResultCode(rawValue: 0xA0)
    public static let alreadyReversed = ZVTResultCode(rawValue: 0xB4)
    public static let reversalNotPossible = ZVTResultCode(rawValue: 0xB5)
    public static let maximumAmountExceeded = ZVTResultCode(rawValue: 0xC3)
    public static let paymentMethodNotSupported = ZVTResultCode(rawValue: 0xC5)
    public static let amountTooSmall = ZVTResultCode(rawValue: 0xC8)
    public static let printerNotReady = ZVTResultCode(rawValue: 0xCC)
    public static let systemError = ZVTResultCode(rawValue: 0xFF)

    /// What the engine should make of a code.
    public enum Category: Sendable, Equatable {
        case success
        /// The card, the issuer or the amount was refused; the customer may try another card.
        case declined
        /// Aborted by the customer (abort key) or by the terminal's own timeout.
        case cancelled
        /// The terminal asks for more time (9C).
        case busy
        /// Reversal refused (already reversed, or not possible).
        case reversalRejected
        /// Terminal, printer, PIN pad or configuration fault: out of service until fixed.
        case terminalFault
        /// Host or network unreachable.
        case communicationFault
        /// The terminal could not parse what the ECR sent (9A) or the function is unavailable (83).
        case protocolError
        /// FF system error, or a code this codec does not know: treat the outcome as unknown.
        case unknown
    }

    public var category: Category {
        switch rawValue {
        case 0x00: return .success
        case 0x64, 0x65, 0x67, 0x68, 0x6E, 0x6F, 0x71, 0x72, 0x73, 0x75, 0x76, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7E,
             0xA4, 0xA5, 0xB7, 0xB8, 0xC1, 0xC3, 0xC5, 0xC6, 0xC8, 0xC9, 0xCB, 0xCD, 0xD2, 0xE9, 0xEA:
            return .declined
        case 0x6C: return .cancelled
        case 0x9C: return .busy
        case 0xB4, 0xB5: return .reversalRejected
        case 0x7D, 0x9B, 0xA0, 0xA1, 0xA3, 0xFA: return .communicationFault
        case 0x83, 0x9A: return .protocolError
        case 0x66, 0x6A, 0x6B, 0x74, 0x77, 0x85, 0x89, 0xB1, 0xB2, 0xBF, 0xC0, 0xC2, 0xC4, 0xCC, 0xDC, 0xDD, 0xDE,
             0xE0, 0xE2, 0xE3, 0xE4, 0xE7, 0xE8, 0xEB, 0xEC, 0xED, 0xF0, 0xF1, 0xF5, 0xF6, 0xFB, 0xFC, 0xFD, 0xFE:
            return .terminalFault
        default: return .unknown
        }
    }

    /// Short English meaning for logs and technician screens; nil for undocumented codes.
    public var meaning: String? { Self.meanings[rawValue] }

    public var description: String {
        "result \(zvtHex(rawValue))" + (meaning.map { " (\($0))" } ?? "")
    }

    private static let meanings: [UInt8: String] = [
        0x00: "no error", 0x64: "card not readable", 0x65: "card data not present", 0x66: "processing error",
        0x67: "function not permitted for ec/Maestro cards", 0x68: "function not permitted for credit/tank cards",
        0x6A: "turnover file full", 0x6B: "function deactivated (PT not registered)",
        0x6C: "abort via timeout or abort key", 0x6E: "card in blocked list", 0x6F: "wrong currency",
        0x71: "credit not sufficient", 0x72: "chip error", 0x73: "card data incorrect", 0x74: "DUKPT engine exhausted",
        0x75: "text not authentic", 0x76: "PAN not in white list", 0x77: "end-of-day batch not possible",
        0x78: "card expired", 0x79: "card not yet valid", 0x7A: "card unknown",
        0x7B: "fallback to magnetic stripe for girocard not possible", 0x7C: "fallback to magnetic stripe not possible",
        0x7D: "communication error", 0x7E: "fallback not possible, debit advice possible",
        0x83: "function not possible", 0x85: "key missing", 0x89: "PIN pad defective", 0x9A: "ZVT protocol error",
        0x9B: "error from dial-up/communication fault", 0x9C: "please wait", 0xA0: "receiver not ready",
        0xA1: "remote station does not respond", 0xA3: "no connection", 0xA4: "submission of Geldkarte not possible",
        0xA5: "function not allowed due to PCI-DSS/P2PE rules", 0xB1: "memory full", 0xB2: "merchant journal full",
        0xB4: "already reversed", 0xB5: "reversal not possible", 0xB7: "pre-authorisation incorrect or amount wrong",
        0xB8: "error pre-authorisation", 0xBF: "voltage supply too low", 0xC0: "card locking mechanism defective",
        0xC1: "merchant card locked", 0xC2: "diagnosis required", 0xC3: "maximum amount exceeded",
        0xC4: "card profile invalid", 0xC5: "payment method not supported", 0xC6: "currency not applicable",
        0xC8: "amount too small", 0xC9: "max. transaction amount too small", 0xCB: "function only allowed in EURO",
        0xCC: "printer not ready", 0xCD: "cashback not possible",
        0xD2: "function not permitted for service cards", 0xDC: "card inserted", 0xDD: "error during card eject",
        0xDE: "error during card insertion", 0xE0: "remote maintenance activated",
        0xE2: "card reader does not answer / defective", 0xE3: "shutter closed", 0xE4: "terminal activation required",
        0xE7: "goods group not found", 0xE8: "no goods-groups table loaded", 0xE9: "restriction code not permitted",
        0xEA: "card code not permitted", 0xEB: "PIN algorithm unknown", 0xEC: "PIN processing not possible",
        0xED: "PIN pad defective", 0xF0: "open end-of-day batch present", 0xF1: "ec-cash/Maestro offline error",
        0xF5: "OPT error", 0xF6: "OPT data not available", 0xFA: "error transmitting offline transactions",
        0xFB: "turnover data set defective", 0xFC: "necessary device not present or defective",
        0xFD: "baud rate not supported", 0xFE: "register unknown", 0xFF: "system error (see TLV 1F16/1F17)",
    ]
}
