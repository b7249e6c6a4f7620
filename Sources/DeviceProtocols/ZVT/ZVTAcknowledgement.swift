/// The application-level answer to every ZVT message, sent by both sides:
/// `80 00 00` positive, `84 xx 00` negative or special (xx from the result-code table).
///
/// In the unattended "issue goods" flow the ECR answers Status Information with `pleaseWait` while
/// dispensing, then `positive`, or `goodsNotIssued` which makes the terminal reverse the payment itself.
public enum ZVTAcknowledgement: Equatable, Sendable {
    case positive
    case negative(ZVTResultCode)
    /// `84 9D` + BMP 04: change amount (Portalum `ZvtCommunication`), in minor units.
    case changeAmount(Int64)

    public static let pleaseWait = ZVTAcknowledgement.negative(.pleaseWait)
    public static let goodsNotIssued = ZVTAcknowledgement.negative(ZVTResultCode(rawValue: 0x66))
    public static let functionNotPossible = ZVTAcknowledgement.negative(.functionNotPossible)

    static let changeAmountCode: UInt8 = 0x9D

    /// `80 00 00`, and also `84 00 00`, which Portalum accepts as positive.
    public var isPositive: Bool {
        switch self {
        case .positive: return true
        case .negative(let code): return code == .success
        case .changeAmount: return false
        }
    }

    public init(apdu: ZVTAPDU) throws(ZVTCodecError) {
        switch apdu.command.classByte {
        case ZVTCommandCode.positiveAcknowledgementClass:
            guard apdu.command.instruction == 0x00 else {
                throw .unexpectedCommand(expected: ZVTCommandCode(0x80, 0x00), found: apdu.command)
            }
            guard apdu.data.isEmpty else { throw .trailingBytes(context: "positive acknowledgement", count: apdu.data.count) }
            self = .positive
        case ZVTCommandCode.negativeAcknowledgementClass where apdu.command.instruction == Self.changeAmountCode:
            let fields = try ZVTBMPCodec.decodeFields(apdu.data)
            guard fields.count == 1, case .amount(let amount) = fields[0] else {
                throw .missingField(context: "change-amount acknowledgement 84 9D", field: "exactly one amount (BMP 04)")
            }
            self = .changeAmount(amount)
        case ZVTCommandCode.negativeAcknowledgementClass:
            guard apdu.data.isEmpty else { throw .trailingBytes(context: "negative acknowledgement", count: apdu.data.count) }
            self = .negative(ZVTResultCode(rawValue: apdu.command.instruction))
        default:
            throw .unexpectedCommand(expected: ZVTCommandCode(0x80, 0x00), found: apdu.command)
        }
    }

    public func apdu() throws(ZVTCodecError) -> ZVTAPDU {
        switch self {
        case .positive:
            return ZVTAPDU(ZVTCommandCode(ZVTCommandCode.positiveAcknowledgementClass, 0x00))
        case .negative(let code):
            guard code.rawValue != Self.changeAmountCode else {
                throw .missingField(context: "negative acknowledgement 84 9D", field: "amount (use .changeAmount)")
            }
            return ZVTAPDU(ZVTCommandCode(ZVTCommandCode.negativeAcknowledgementClass, code.rawValue))
        case .changeAmount(let amount):
            return ZVTAPDU(ZVTCommandCode(ZVTCommandCode.negativeAcknowledgementClass, Self.changeAmountCode),
                           data: try ZVTBMPCodec.encodeField(.amount(amount)))
        }
    }
}
