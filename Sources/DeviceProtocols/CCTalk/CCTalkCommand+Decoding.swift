extension CCTalkCommand {
    /// Recognises a host command in a received frame — the simulator's side of the codec.
    public init(frame: CCTalkFrame) throws(CCTalkMessageError) {
        let data = frame.data
        func expectEmpty(_ name: String) throws(CCTalkMessageError) {
            try CCTalkMessageError.requireCount(data, 0...0, subject: name)
        }
        func single(_ name: String) throws(CCTalkMessageError) -> UInt8 {
            try CCTalkMessageError.requireCount(data, 1...1, subject: name)
            return data[0]
        }
        switch frame.header {
        case CCTalkHeader.simplePoll: try expectEmpty("simple poll"); self = .simplePoll
        case CCTalkHeader.addressPoll: try expectEmpty("address poll"); self = .addressPoll
        case CCTalkHeader.resetDevice: try expectEmpty("reset device"); self = .resetDevice
        case CCTalkHeader.requestPollingPriority: try expectEmpty("request polling priority"); self = .requestPollingPriority
        case CCTalkHeader.requestManufacturerId: try expectEmpty("request manufacturer id"); self = .requestManufacturerId
        case CCTalkHeader.requestEquipmentCategory: try expectEmpty("request equipment category"); self = .requestEquipmentCategory
        case CCTalkHeader.requestProductCode: try expectEmpty("request product code"); self = .requestProductCode
        case CCTalkHeader.requestSerialNumber: try expectEmpty("request serial number"); self = .requestSerialNumber
        case CCTalkHeader.requestSoftwareRevision: try expectEmpty("request software revision"); self = .requestSoftwareRevision
        case CCTalkHeader.performSelfCheck: try expectEmpty("perform self-check"); self = .performSelfCheck
        case CCTalkHeader.requestStatus: try expectEmpty("request status"); self = .requestCoinAcceptorStatus
        case CCTalkHeader.modifyInhibitStatus:
            try CCTalkMessageError.requireCount(data, 1...CCTalkFrame.maximumDataLength, subject: "modify inhibit status")
            self = .modifyInhibitStatus(CCTalkInhibitMask(bytes: data))
        case CCTalkHeader.requestInhibitStatus: try expectEmpty("request inhibit status"); self = .requestInhibitStatus
        case CCTalkHeader.readBufferedCredit: try expectEmpty("read buffered credit"); self = .readBufferedCredit
        case CCTalkHeader.modifyMasterInhibitStatus:
            self = .modifyMasterInhibit(acceptanceEnabled: try single("modify master inhibit") & 1 == 1)
        case CCTalkHeader.requestMasterInhibitStatus: try expectEmpty("request master inhibit"); self = .requestMasterInhibit
        case CCTalkHeader.requestCoinId: self = .requestCoinId(position: try single("request coin id"))
        case CCTalkHeader.enableHopper: self = .enableHopper(try single("enable hopper") == Self.enableHopperMagic)
        case CCTalkHeader.testHopper: try expectEmpty("test hopper"); self = .testHopper
        case CCTalkHeader.requestHopperStatus: try expectEmpty("request hopper status"); self = .requestHopperStatus
        case CCTalkHeader.dispenseHopperCoins: self = .dispenseHopperCoins(try CCTalkDispenseRequest(commandData: data))
        case CCTalkHeader.emergencyStop: try expectEmpty("emergency stop"); self = .emergencyStop
        case CCTalkHeader.requestHopperDispenseCount: try expectEmpty("request dispense count"); self = .requestHopperDispenseCount
        case CCTalkHeader.requestPayoutHighLowStatus:
            try CCTalkMessageError.requireCount(data, 0...1, subject: "request payout high/low status")
            self = .requestPayoutHighLowStatus(hopperNumber: data.first)
        case CCTalkHeader.pumpRNG:
            try CCTalkMessageError.requireCount(data, 1...CCTalkFrame.maximumDataLength, subject: "pump RNG")
            self = .pumpRNG(data)
        case CCTalkHeader.requestCipherKey: try expectEmpty("request cipher key"); self = .requestCipherKey
        default: throw .unsupportedCommandHeader(found: frame.header)
        }
    }
}
