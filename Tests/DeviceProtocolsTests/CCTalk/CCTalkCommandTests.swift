import Testing
@testable import DeviceProtocols

@Suite struct CCTalkCommandTests {
    typealias T = CCTalkTestSupport

    static func allCommands() throws -> [CCTalkCommand] { [
        .simplePoll, .addressPoll, .resetDevice, .requestPollingPriority, .requestManufacturerId,
        .requestEquipmentCategory, .requestProductCode, .requestSerialNumber, .requestSoftwareRevision,
        .performSelfCheck, .requestCoinAcceptorStatus, .modifyInhibitStatus(CCTalkInhibitMask(bytes: [0x0F, 0x80])),
        .requestInhibitStatus, .readBufferedCredit, .modifyMasterInhibit(acceptanceEnabled: true),
        .modifyMasterInhibit(acceptanceEnabled: false), .requestMasterInhibit, .requestCoinId(position: 5),
        .enableHopper(true), .enableHopper(false), .testHopper, .requestHopperStatus,
        .dispenseHopperCoins(try CCTalkDispenseRequest(coinCount: 4)),
        .dispenseHopperCoins(try CCTalkDispenseRequest(coinCount: 1, security: .serialNumber(0x12_3456))),
        .dispenseHopperCoins(try CCTalkDispenseRequest(coinCount: 9, security: .cipher([1, 2, 3, 4, 5, 6, 7, 8]))),
        .emergencyStop, .requestHopperDispenseCount, .requestPayoutHighLowStatus(hopperNumber: nil),
        .requestPayoutHighLowStatus(hopperNumber: 2), .pumpRNG([9, 8, 7, 6, 5, 4, 3, 2]), .requestCipherKey,
    ] }

    @Test(arguments: [CCTalkChecksumMode.simple8, .crc16])
    func commandsRoundTripThroughTheWire(mode: CCTalkChecksumMode) throws {
        for command in try Self.allCommands() {
            let bytes = try command.frame(to: 3).encoded(checksum: mode)
            let frame = try CCTalkFrame.decode(bytes, checksum: mode, impliedSource: CCTalkAddress.host)
            #expect(try CCTalkCommand(frame: frame) == command)
        }
    }

    static func responses() throws -> [(CCTalkCommand, CCTalkResponse)] { [
        (.simplePoll, .acknowledged),
        (.resetDevice, .busy),
        (.requestPollingPriority, .pollingPriority(CCTalkPollingPriority(units: 2, value: 20))),
        (.requestManufacturerId, .manufacturerId("AZK")),
        (.requestEquipmentCategory, .equipmentCategory(.payout)),
        (.requestProductCode, .productCode("X6")),
        (.requestSerialNumber, .serialNumber(0x0102_0304)),
        (.requestSoftwareRevision, .softwareRevision("1.2.3")),
        (.performSelfCheck, .selfCheck(faultCode: 25, extraInfo: 1)),
        (.performSelfCheck, .selfCheck(faultCode: 0, extraInfo: nil)),
        (.requestCoinAcceptorStatus, .coinAcceptorStatus(2)),
        (.requestInhibitStatus, .inhibitStatus(CCTalkInhibitMask(bytes: [0xFF, 0x00]))),
        (.readBufferedCredit, .bufferedCredit(CCTalkBufferedEvents.powerUp.recording(CCTalkResultPair(3, 1)))),
        (.requestMasterInhibit, .masterInhibit(acceptanceEnabled: false)),
        (.requestCoinId(position: 1), .coinId(try CCTalkCoinId("CZ020A"))),
        (.testHopper, .hopperTest(CCTalkHopperTestRegisters(register1: [.payoutTimeout], register2: [], register3: [.powerDownDuringPayout]))),
        (.dispenseHopperCoins(try CCTalkDispenseRequest(coinCount: 1)), .dispenseAccepted(eventCounter: nil)),
        (.dispenseHopperCoins(try CCTalkDispenseRequest(coinCount: 1)), .negativeAcknowledged),
        (.requestHopperDispenseCount, .hopperDispenseCount(0x01_0203)),
        (.requestPayoutHighLowStatus(hopperNumber: nil), .payoutLevel([.lowLevelSensorFitted, .belowLowLevel])),
    ] }

    @Test func responsesRoundTripThroughTheWire() throws {
        for (command, response) in try Self.responses() {
            let bytes = try response.frame(from: 3).encoded(checksum: .simple8)
            #expect(try command.parseReply(CCTalkFrame.decode(bytes, checksum: .simple8)) == response)
        }
    }

    @Test func wrongReplyLengthsAreTypedErrors() throws {
        let ackWithData = CCTalkFrame(destination: 1, source: 2, header: 0, data: [1])
        #expect(throws: CCTalkMessageError.unexpectedDataLength(subject: "acknowledge reply", expected: "0", found: 1)) {
            try CCTalkCommand.simplePoll.parseReply(ackWithData)
        }
        let shortCredit = CCTalkFrame(destination: 1, source: 2, header: 0, data: [1, 2, 3])
        #expect(throws: CCTalkMessageError.unexpectedDataLength(subject: "buffered events reply", expected: "11", found: 3)) {
            try CCTalkCommand.readBufferedCredit.parseReply(shortCredit)
        }
        let binaryText = CCTalkFrame(destination: 1, source: 2, header: 0, data: [0x41, 0x00])
        #expect(throws: CCTalkMessageError.self) { try CCTalkCommand.requestManufacturerId.parseReply(binaryText) }
        #expect(throws: CCTalkMessageError.noFramedReply(header: 253)) {
            try CCTalkCommand.addressPoll.parseReply(CCTalkFrame(destination: 1, source: 2, header: 0))
        }
    }

    @Test func unknownOrMalformedCommandFramesAreTypedErrors() {
        #expect(throws: CCTalkMessageError.unsupportedCommandHeader(found: 42)) {
            try CCTalkCommand(frame: CCTalkFrame(destination: 2, source: 1, header: 42))
        }
        #expect(throws: CCTalkMessageError.unexpectedDataLength(subject: "simple poll", expected: "0", found: 1)) {
            try CCTalkCommand(frame: CCTalkFrame(destination: 2, source: 1, header: 254, data: [0]))
        }
        #expect(throws: CCTalkMessageError.unexpectedDataLength(subject: "dispense hopper coins", expected: "1, 4 or 9", found: 2)) {
            try CCTalkCommand(frame: CCTalkFrame(destination: 3, source: 1, header: 167, data: [1, 2]))
        }
    }

    @Test func addressPollAlwaysGoesToBroadcast() {
        #expect(CCTalkCommand.addressPoll.frame(to: 2).destination == CCTalkAddress.broadcast)
    }

    @Test func enableHopperOnlyEnablesWithTheMagicByte() throws {
        #expect(try CCTalkCommand(frame: CCTalkFrame(destination: 3, source: 1, header: 164, data: [0xA4])) == .enableHopper(false))
        #expect(try CCTalkCommand(frame: CCTalkFrame(destination: 3, source: 1, header: 164, data: [0xA5])) == .enableHopper(true))
    }
}
