/// The three kinds of reply frame (protocols.md §1.3): header 0 reply (an ACK when it has no data),
/// header 5 NAK, header 6 BUSY.
public enum CCTalkReply: Sendable, Hashable {
    case reply([UInt8])
    case negativeAcknowledge
    case busy

    public init(frame: CCTalkFrame) throws(CCTalkMessageError) {
        switch frame.header {
        case CCTalkHeader.reply: self = .reply(frame.data)
        case CCTalkHeader.negativeAcknowledge: self = .negativeAcknowledge
        case CCTalkHeader.busy: self = .busy
        default: throw .unexpectedReplyHeader(found: frame.header)
        }
    }

    public var isAcknowledge: Bool { self == .reply([]) }
}

/// A reply understood in the context of the command that asked for it.
public enum CCTalkResponse: Sendable, Hashable {
    case acknowledged
    case negativeAcknowledged
    case busy
    case manufacturerId(String)
    case equipmentCategory(CCTalkEquipmentCategory)
    case productCode(String)
    case softwareRevision(String)
    /// 24-bit (some devices 32-bit) serial, sent LSB first.
    case serialNumber(UInt32)
    case pollingPriority(CCTalkPollingPriority)
    case selfCheck(faultCode: UInt8, extraInfo: UInt8?)
    /// 0 OK, 1 coin return mechanism activated, 2 C.O.S. activated.
    case coinAcceptorStatus(UInt8)
    case inhibitStatus(CCTalkInhibitMask)
    case bufferedCredit(CCTalkBufferedEvents)
    case masterInhibit(acceptanceEnabled: Bool)
    case coinId(CCTalkCoinId)
    case hopperTest(CCTalkHopperTestRegisters)
    case hopperStatus(CCTalkHopperStatus)
    /// SCH2 hoppers answer with the (already incremented) event counter; SCH1 hoppers with a bare ACK (nil).
    case dispenseAccepted(eventCounter: UInt8?)
    /// Coins that the stop left unpaid.
    case emergencyStopped(coinsRemaining: UInt8)
    case hopperDispenseCount(UInt32)
    case payoutLevel(CCTalkPayoutLevelStatus)
    case cipherKey([UInt8])
}
