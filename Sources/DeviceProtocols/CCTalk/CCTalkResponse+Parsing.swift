extension CCTalkCommand {
    /// Interprets a reply frame as the answer to this command. NAK and BUSY are answers, not errors;
    /// errors mean the reply is malformed for this command.
    public func parseReply(_ frame: CCTalkFrame) throws(CCTalkMessageError) -> CCTalkResponse {
        let data: [UInt8]
        switch try CCTalkReply(frame: frame) {
        case .negativeAcknowledge: return .negativeAcknowledged
        case .busy: return .busy
        case let .reply(bytes): data = bytes
        }
        func exactly(_ count: Int, _ name: String) throws(CCTalkMessageError) -> [UInt8] {
            try CCTalkMessageError.requireCount(data, count...count, subject: name + " reply")
            return data
        }
        func text(_ name: String) throws(CCTalkMessageError) -> String {
            try CCTalkMessageError.requireCount(data, 1...CCTalkFrame.maximumDataLength, subject: name + " reply")
            return try CCTalkMessageError.requireASCII(data, subject: name)
        }
        switch self {
        case .addressPoll:
            throw .noFramedReply(header: header)
        case .simplePoll, .resetDevice, .modifyInhibitStatus, .modifyMasterInhibit, .enableHopper, .pumpRNG:
            _ = try exactly(0, "acknowledge")
            return .acknowledged
        case .requestManufacturerId: return .manufacturerId(try text("manufacturer id"))
        case .requestEquipmentCategory: return .equipmentCategory(CCTalkEquipmentCategory(reported: try text("equipment category")))
        case .requestProductCode: return .productCode(try text("product code"))
        case .requestSoftwareRevision: return .softwareRevision(try text("software revision"))
        case .requestSerialNumber:
            try CCTalkMessageError.requireCount(data, 3...4, subject: "serial number reply")
            return .serialNumber(Self.littleEndian(data))
        case .requestPollingPriority:
            let bytes = try exactly(2, "polling priority")
            return .pollingPriority(CCTalkPollingPriority(units: bytes[0], value: bytes[1]))
        case .performSelfCheck:
            try CCTalkMessageError.requireCount(data, 1...2, subject: "self-check reply")
            return .selfCheck(faultCode: data[0], extraInfo: data.count > 1 ? data[1] : nil)
        case .requestCoinAcceptorStatus: return .coinAcceptorStatus(try exactly(1, "status")[0])
        case .requestInhibitStatus:
            try CCTalkMessageError.requireCount(data, 1...CCTalkFrame.maximumDataLength, subject: "inhibit status reply")
            return .inhibitStatus(CCTalkInhibitMask(bytes: data))
        case .readBufferedCredit: return .bufferedCredit(try CCTalkBufferedEvents(replyData: data))
        case .requestMasterInhibit: return .masterInhibit(acceptanceEnabled: try exactly(1, "master inhibit")[0] & 1 == 1)
        case .requestCoinId: return .coinId(try CCTalkCoinId(replyData: data))
        case .testHopper: return .hopperTest(try CCTalkHopperTestRegisters(replyData: data))
        case .requestHopperStatus: return .hopperStatus(try CCTalkHopperStatus(replyData: data))
        case .dispenseHopperCoins:
            try CCTalkMessageError.requireCount(data, 0...1, subject: "dispense reply")
            return .dispenseAccepted(eventCounter: data.first)
        case .emergencyStop: return .emergencyStopped(coinsRemaining: try exactly(1, "emergency stop")[0])
        case .requestHopperDispenseCount: return .hopperDispenseCount(Self.littleEndian(try exactly(3, "dispense count")))
        case .requestPayoutHighLowStatus: return .payoutLevel(CCTalkPayoutLevelStatus(rawValue: try exactly(1, "payout high/low status")[0]))
        case .requestCipherKey:
            try CCTalkMessageError.requireCount(data, 1...CCTalkFrame.maximumDataLength, subject: "cipher key reply")
            return .cipherKey(data)
        }
    }

    private static func littleEndian(_ bytes: [UInt8]) -> UInt32 {
        bytes.prefix(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}

extension CCTalkResponse {
    /// Reply header and data as a device sends them — the simulator's side of the codec.
    public var header: UInt8 {
        switch self {
        case .negativeAcknowledged: CCTalkHeader.negativeAcknowledge
        case .busy: CCTalkHeader.busy
        default: CCTalkHeader.reply
        }
    }

    public var data: [UInt8] {
        switch self {
        case .acknowledged, .negativeAcknowledged, .busy: []
        case let .manufacturerId(text), let .productCode(text), let .softwareRevision(text): Array(text.utf8)
        case let .equipmentCategory(category): Array(category.reportedName.utf8)
        case let .serialNumber(serial): Self.littleEndian(serial, byteCount: serial > 0xFF_FFFF ? 4 : 3)
        case let .pollingPriority(priority): [priority.units, priority.value]
        case let .selfCheck(code, extra): [code] + (extra.map { [$0] } ?? [])
        case let .coinAcceptorStatus(status): [status]
        case let .inhibitStatus(mask): mask.bytes
        case let .bufferedCredit(events): events.replyData
        case let .masterInhibit(enabled): [enabled ? 1 : 0]
        case let .coinId(id): Array(id.text.utf8)
        case let .hopperTest(registers): registers.replyData
        case let .hopperStatus(status): status.replyData
        case let .dispenseAccepted(counter): counter.map { [$0] } ?? []
        case let .emergencyStopped(remaining): [remaining]
        case let .hopperDispenseCount(count): Self.littleEndian(count, byteCount: 3)
        case let .payoutLevel(level): [level.rawValue]
        case let .cipherKey(key): key
        }
    }

    public func frame(from device: UInt8, to destination: UInt8 = CCTalkAddress.host) -> CCTalkFrame {
        CCTalkFrame(destination: destination, source: device, header: header, data: data)
    }

    private static func littleEndian(_ value: UInt32, byteCount: Int) -> [UInt8] {
        (0..<byteCount).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }
}
