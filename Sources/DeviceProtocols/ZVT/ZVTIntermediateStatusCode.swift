/// The status byte of Intermediate Status Information (04 FF): what the terminal is showing the customer.
///
/// Codes 0x41...0x5D repeat 0x01...0x1D with "please remove card" added (Portalum
/// `EnglishIntermediateStatusRepository`); `meaning` folds them onto the base meaning and
/// `alsoAsksToRemoveCard` keeps the difference.
public struct ZVTIntermediateStatusCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public enum Meaning: Sendable, Equatable {
        case waitingForAmountConfirmation, watchPINPad, notAccepted, waitingForHost, sendingAutoReversal
        case sendingPostBookings, cardNotAdmitted, cardUnknown, cardExpired, insertCard, removeCard
        case cardNotReadable, processingError, pleaseWait, automaticEndOfDay, invalidCard, balanceDisplay
        case systemMalfunction, paymentNotPossible, creditNotSufficient, incorrectPIN, limitNotSufficient
        case pinTryLimitExceeded, cardDataIncorrect, serviceMode, approvedPleaseFillUp, approvedTakeGoods
        case declined, customerCardInserted, selectionInProgress, connecting, online, offline
        /// 0xFF: the text to show is in the TLV container (tags 24/07).
        case textInTLV
        case undocumented
    }

    public static let insertCard = ZVTIntermediateStatusCode(rawValue: 0x0A)
    public static let removeCard = ZVTIntermediateStatusCode(rawValue: 0x0B)
    public static let pleaseWait = ZVTIntermediateStatusCode(rawValue: 0x0E)
    public static let approvedTakeGoods = ZVTIntermediateStatusCode(rawValue: 0x1C)
    public static let declined = ZVTIntermediateStatusCode(rawValue: 0x1D)
    public static let textInTLV = ZVTIntermediateStatusCode(rawValue: 0xFF)

    /// True for 0x0B and for the 0x41...0x5D "... / please remove card" variants.
    public var alsoAsksToRemoveCard: Bool { rawValue == 0x0B || (0x41...0x5D).contains(rawValue) }

    public var meaning: Meaning {
        let base = (0x41...0x5D).contains(rawValue) ? rawValue - 0x40 : rawValue
        switch base {
        case 0x00: return .waitingForAmountConfirmation
        case 0x01, 0x02: return .watchPINPad
        case 0x03: return .notAccepted
        case 0x04: return .waitingForHost
        case 0x05: return .sendingAutoReversal
        case 0x06: return .sendingPostBookings
        case 0x07: return .cardNotAdmitted
        case 0x08: return .cardUnknown
        case 0x09: return .cardExpired
        case 0x0A: return .insertCard
        case 0x0B: return .removeCard
        case 0x0C: return .cardNotReadable
        case 0x0D: return .processingError
        case 0x0E, 0x17: return .pleaseWait
        case 0x0F: return .automaticEndOfDay
        case 0x10: return .invalidCard
        case 0x11: return .balanceDisplay
        case 0x12: return .systemMalfunction
        case 0x13: return .paymentNotPossible
        case 0x14: return .creditNotSufficient
        case 0x15: return .incorrectPIN
        case 0x16: return .limitNotSufficient
        case 0x18: return .pinTryLimitExceeded
        case 0x19: return .cardDataIncorrect
        case 0x1A: return .serviceMode
        case 0x1B: return .approvedPleaseFillUp
        case 0x1C: return .approvedTakeGoods
        case 0x1D: return .declined
        case 0x68: return .customerCardInserted
        case 0x28, 0x29, 0x2C, 0xE0, 0xE1: return .selectionInProgress
        case 0xD2, 0xD3: return .connecting
        case 0xF2: return .online
        case 0xF1, 0xF3: return .offline
        case 0xFF: return .textInTLV
        default: return .undocumented
        }
    }

    public var description: String {
        "intermediate status \(zvtHex(rawValue)) \(meaning)" + (alsoAsksToRemoveCard && rawValue != 0x0B ? " + remove card" : "")
    }
}
