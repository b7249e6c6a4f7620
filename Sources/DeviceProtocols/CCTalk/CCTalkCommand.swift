/// Host commands for coin acceptors and hoppers (protocols.md §1.6).
public enum CCTalkCommand: Sendable, Hashable {
    // Core.
    case simplePoll
    /// Broadcast (destination 0); slaves answer with single unframed address bytes, see `CCTalkAddressPoll`.
    case addressPoll
    case resetDevice
    case requestPollingPriority
    case requestManufacturerId
    case requestEquipmentCategory
    case requestProductCode
    case requestSerialNumber
    case requestSoftwareRevision
    case performSelfCheck
    // Coin acceptor.
    case requestCoinAcceptorStatus
    case modifyInhibitStatus(CCTalkInhibitMask)
    case requestInhibitStatus
    case readBufferedCredit
    /// `acceptanceEnabled` false = master inhibit active (bit 0 = 0).
    case modifyMasterInhibit(acceptanceEnabled: Bool)
    case requestMasterInhibit
    case requestCoinId(position: UInt8)
    // Hopper.
    case enableHopper(Bool)
    case testHopper
    case requestHopperStatus
    case dispenseHopperCoins(CCTalkDispenseRequest)
    case emergencyStop
    case requestHopperDispenseCount
    case requestPayoutHighLowStatus(hopperNumber: UInt8?)
    case pumpRNG([UInt8])
    case requestCipherKey

    /// Data byte of "enable hopper" that enables; anything else disables.
    public static let enableHopperMagic: UInt8 = 0xA5

    public var header: UInt8 {
        switch self {
        case .simplePoll: CCTalkHeader.simplePoll
        case .addressPoll: CCTalkHeader.addressPoll
        case .resetDevice: CCTalkHeader.resetDevice
        case .requestPollingPriority: CCTalkHeader.requestPollingPriority
        case .requestManufacturerId: CCTalkHeader.requestManufacturerId
        case .requestEquipmentCategory: CCTalkHeader.requestEquipmentCategory
        case .requestProductCode: CCTalkHeader.requestProductCode
        case .requestSerialNumber: CCTalkHeader.requestSerialNumber
        case .requestSoftwareRevision: CCTalkHeader.requestSoftwareRevision
        case .performSelfCheck: CCTalkHeader.performSelfCheck
        case .requestCoinAcceptorStatus: CCTalkHeader.requestStatus
        case .modifyInhibitStatus: CCTalkHeader.modifyInhibitStatus
        case .requestInhibitStatus: CCTalkHeader.requestInhibitStatus
        case .readBufferedCredit: CCTalkHeader.readBufferedCredit
        case .modifyMasterInhibit: CCTalkHeader.modifyMasterInhibitStatus
        case .requestMasterInhibit: CCTalkHeader.requestMasterInhibitStatus
        case .requestCoinId: CCTalkHeader.requestCoinId
        case .enableHopper: CCTalkHeader.enableHopper
        case .testHopper: CCTalkHeader.testHopper
        case .requestHopperStatus: CCTalkHeader.requestHopperStatus
        case .dispenseHopperCoins: CCTalkHeader.dispenseHopperCoins
        case .emergencyStop: CCTalkHeader.emergencyStop
        case .requestHopperDispenseCount: CCTalkHeader.requestHopperDispenseCount
        case .requestPayoutHighLowStatus: CCTalkHeader.requestPayoutHighLowStatus
        case .pumpRNG: CCTalkHeader.pumpRNG
        case .requestCipherKey: CCTalkHeader.requestCipherKey
        }
    }

    public var data: [UInt8] {
        switch self {
        case let .modifyInhibitStatus(mask): mask.bytes
        case let .modifyMasterInhibit(enabled): [enabled ? 1 : 0]
        case let .requestCoinId(position): [position]
        case let .enableHopper(enabled): [enabled ? Self.enableHopperMagic : 0]
        case let .dispenseHopperCoins(request): request.commandData
        case let .requestPayoutHighLowStatus(hopperNumber): hopperNumber.map { [$0] } ?? []
        case let .pumpRNG(bytes): bytes
        case .simplePoll, .addressPoll, .resetDevice, .requestPollingPriority, .requestManufacturerId,
             .requestEquipmentCategory, .requestProductCode, .requestSerialNumber, .requestSoftwareRevision,
             .performSelfCheck, .requestCoinAcceptorStatus, .requestInhibitStatus, .readBufferedCredit,
             .requestMasterInhibit, .testHopper, .requestHopperStatus, .emergencyStop,
             .requestHopperDispenseCount, .requestCipherKey:
            []
        }
    }

    /// The frame to send; address poll always goes to the broadcast address.
    public func frame(to destination: UInt8, from source: UInt8 = CCTalkAddress.host) -> CCTalkFrame {
        let target = self == .addressPoll ? CCTalkAddress.broadcast : destination
        return CCTalkFrame(destination: target, source: source, header: header, data: data)
    }
}

/// Answers to an address poll (253): each slave sends one raw byte, its address, after 4 × address ms.
public enum CCTalkAddressPoll {
    /// Addresses in arrival order from the raw bytes that followed the poll.
    public static func addresses(from bytes: [UInt8]) throws(CCTalkMessageError) -> [UInt8] {
        for byte in bytes where byte == CCTalkAddress.broadcast || byte == CCTalkAddress.host {
            throw .invalidValue(subject: "address poll answer", expected: "a slave address 2–255", found: "\(byte)")
        }
        return bytes
    }
}
