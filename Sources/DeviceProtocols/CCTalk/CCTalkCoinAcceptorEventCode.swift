/// Result B of a coin acceptor event when result A is 0 (protocols.md §1.9, qt-cctalk
/// `CcCoinAcceptorEventCode`). Codes the table does not name are kept as `.undefined(code)`.
public enum CCTalkCoinAcceptorEventCode: Sendable, Hashable {
    case nullEvent, rejectCoin, inhibitedCoin, multipleWindow, wakeUpTimeout, validationTimeout
    case creditSensorTimeout, sorterOptoTimeout, secondCloseCoin, acceptGateNotReady, creditSensorNotReady
    case sorterNotReady, rejectCoinNotCleared, validationSensorNotReady, creditSensorBlocked, sorterOptoBlocked
    case creditSequenceError, coinGoingBackwards, coinTooFastOverCreditSensor, coinTooSlowOverCreditSensor
    case cosMechanismActivated, dceOptoTimeout, dceOptoNotSeen, creditSensorReachedTooEarly
    case rejectCoinRepeatedSequentialTrip, rejectSlug, rejectSensorBlocked, gamesOverload
    case maxCoinMeterPulsesExceeded, acceptGateOpenNotClosed, acceptGateClosedNotOpen, manifoldOptoTimeout
    case manifoldOptoBlocked, manifoldNotReady, securityStatusChanged, motorException, swallowedCoin
    case coinTooFastOverValidationSensor, coinTooSlowOverValidationSensor, coinIncorrectlySorted
    case externalLightAttack
    /// Codes 128–159: a coin of type 1–32 arrived while inhibited.
    case inhibitedCoinType(Int)
    /// Codes 160–191, reserved for credit cancelling.
    case reservedCreditCancelling(UInt8)
    case dataBlockRequest, coinReturnMechanismActivated, unspecifiedAlarm
    case undefined(UInt8)

    /// Codes 0–40 in order; the index is the wire code.
    private static let lowCodes: [CCTalkCoinAcceptorEventCode] = [
        .nullEvent, .rejectCoin, .inhibitedCoin, .multipleWindow, .wakeUpTimeout, .validationTimeout,
        .creditSensorTimeout, .sorterOptoTimeout, .secondCloseCoin, .acceptGateNotReady, .creditSensorNotReady,
        .sorterNotReady, .rejectCoinNotCleared, .validationSensorNotReady, .creditSensorBlocked, .sorterOptoBlocked,
        .creditSequenceError, .coinGoingBackwards, .coinTooFastOverCreditSensor, .coinTooSlowOverCreditSensor,
        .cosMechanismActivated, .dceOptoTimeout, .dceOptoNotSeen, .creditSensorReachedTooEarly,
        .rejectCoinRepeatedSequentialTrip, .rejectSlug, .rejectSensorBlocked, .gamesOverload,
        .maxCoinMeterPulsesExceeded, .acceptGateOpenNotClosed, .acceptGateClosedNotOpen, .manifoldOptoTimeout,
        .manifoldOptoBlocked, .manifoldNotReady, .securityStatusChanged, .motorException, .swallowedCoin,
        .coinTooFastOverValidationSensor, .coinTooSlowOverValidationSensor, .coinIncorrectlySorted,
        .externalLightAttack,
    ]

    public init(code: UInt8) {
        switch code {
        case 0...40: self = Self.lowCodes[Int(code)]
        case 128...159: self = .inhibitedCoinType(Int(code) - 127)
        case 160...191: self = .reservedCreditCancelling(code)
        case 253: self = .dataBlockRequest
        case 254: self = .coinReturnMechanismActivated
        case 255: self = .unspecifiedAlarm
        default: self = .undefined(code)
        }
    }

    public var code: UInt8 {
        switch self {
        case let .inhibitedCoinType(type): UInt8(clamping: 127 + min(max(type, 1), 32))
        case let .reservedCreditCancelling(code), let .undefined(code): code
        case .dataBlockRequest: 253
        case .coinReturnMechanismActivated: 254
        case .unspecifiedAlarm: 255
        default: UInt8(Self.lowCodes.firstIndex(of: self) ?? 0)
        }
    }

    /// Whether the coin went back to the customer, after qt-cctalk's classification. `.notRejected`
    /// means "not handed back" (possibly swallowed) — it is never a credit; credits have result A ≠ 0.
    public var coinDisposition: CCTalkCoinDisposition {
        switch self {
        case .rejectCoin, .inhibitedCoin, .multipleWindow, .secondCloseCoin, .acceptGateNotReady,
             .creditSensorNotReady, .sorterNotReady, .rejectCoinNotCleared, .validationSensorNotReady,
             .creditSensorBlocked, .sorterOptoBlocked, .dceOptoNotSeen, .rejectCoinRepeatedSequentialTrip,
             .rejectSlug, .acceptGateClosedNotOpen, .manifoldOptoBlocked, .manifoldNotReady,
             .coinTooFastOverValidationSensor, .coinTooSlowOverValidationSensor, .inhibitedCoinType:
            .rejected
        case .nullEvent, .sorterOptoTimeout, .creditSequenceError, .coinGoingBackwards,
             .coinTooFastOverCreditSensor, .coinTooSlowOverCreditSensor, .cosMechanismActivated,
             .creditSensorReachedTooEarly, .rejectSensorBlocked, .gamesOverload, .maxCoinMeterPulsesExceeded,
             .acceptGateOpenNotClosed, .manifoldOptoTimeout, .swallowedCoin, .coinIncorrectlySorted,
             .externalLightAttack, .dataBlockRequest, .coinReturnMechanismActivated, .unspecifiedAlarm:
            .notRejected
        case .wakeUpTimeout, .validationTimeout, .creditSensorTimeout, .dceOptoTimeout, .securityStatusChanged,
             .motorException, .reservedCreditCancelling, .undefined:
            .unknown
        }
    }
}

public enum CCTalkCoinDisposition: Sendable, Hashable {
    case rejected
    case notRejected
    case unknown
}
