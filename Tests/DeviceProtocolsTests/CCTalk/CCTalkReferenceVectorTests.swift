import Testing
@testable import DeviceProtocols

/// Every ccTalk frame in protocols.md §1.4, encoded by our commands and decoded back.
@Suite struct CCTalkReferenceVectorTests {
    typealias T = CCTalkTestSupport

    struct CommandVector: Sendable, CustomTestStringConvertible {
        let command: CCTalkCommand
        let destination: UInt8
        let hex: String
        var testDescription: String { hex }
    }

    static let commandVectors: [CommandVector] = [
        .init(command: .simplePoll, destination: 2, hex: "02 00 01 FE FF"),
        .init(command: .simplePoll, destination: 40, hex: "28 00 01 FE D9"),
        .init(command: .simplePoll, destination: 3, hex: "03 00 01 FE FE"),
        .init(command: .requestEquipmentCategory, destination: 2, hex: "02 00 01 F5 08"),
        .init(command: .requestSerialNumber, destination: 2, hex: "02 00 01 F2 0B"),
        .init(command: .requestManufacturerId, destination: 2, hex: "02 00 01 F6 07"),
        .init(command: .modifyMasterInhibit(acceptanceEnabled: true), destination: 2, hex: "02 01 01 E4 01 17"),
        .init(command: .modifyMasterInhibit(acceptanceEnabled: false), destination: 2, hex: "02 01 01 E4 00 18"),
        .init(command: .modifyInhibitStatus(.allEnabled()), destination: 2, hex: "02 02 01 E7 FF FF 16"),
        .init(command: .readBufferedCredit, destination: 2, hex: "02 00 01 E5 18"),
        .init(command: .testHopper, destination: 3, hex: "03 00 01 A3 59"),
        .init(command: .enableHopper(true), destination: 3, hex: "03 01 01 A4 A5 B2"),
        .init(command: .pumpRNG(T.bytes("5B DA AA 6F 9A 5D C5 06")), destination: 3, hex: "03 08 01 A1 5B DA AA 6F 9A 5D C5 06 43"),
        .init(command: .requestCipherKey, destination: 3, hex: "03 00 01 A0 5C"),
        .init(command: .requestHopperStatus, destination: 3, hex: "03 00 01 A6 56"),
        .init(command: .emergencyStop, destination: 3, hex: "03 00 01 AC 50"),
        .init(command: .requestPayoutHighLowStatus(hopperNumber: nil), destination: 3, hex: "03 00 01 D9 23"),
    ]

    @Test(arguments: commandVectors)
    func commandEncodesToReferenceBytes(_ vector: CommandVector) throws {
        let frame = vector.command.frame(to: vector.destination)
        #expect(try frame.encoded(checksum: .simple8) == T.bytes(vector.hex))
    }

    @Test(arguments: commandVectors)
    func referenceBytesDecodeToCommand(_ vector: CommandVector) throws {
        let frame = try T.decodeSimple(vector.hex)
        #expect(frame.destination == vector.destination)
        #expect(frame.source == CCTalkAddress.host)
        #expect(try CCTalkCommand(frame: frame) == vector.command)
    }

    @Test func dispenseVectorsInBothSecurityModes() throws {
        let cipher = try CCTalkDispenseRequest(coinCount: 3, security: .cipher(T.bytes("63 D9 2A 95 BA D4 35 82")))
        let encrypted = CCTalkCommand.dispenseHopperCoins(cipher).frame(to: 3)
        #expect(try encrypted.encoded(checksum: .simple8) == T.bytes("03 09 01 A7 63 D9 2A 95 BA D4 35 82 03 09"))

        let serial = try CCTalkDispenseRequest(coinCount: 1, security: .serialNumber(0x0A_D7DF))
        let serialFrame = CCTalkCommand.dispenseHopperCoins(serial).frame(to: 3)
        #expect(try serialFrame.encoded(checksum: .simple8) == T.bytes("03 04 01 A7 DF D7 0A 01 90"))
        #expect(try CCTalkCommand(frame: T.decodeSimple("03 04 01 A7 DF D7 0A 01 90")) == .dispenseHopperCoins(serial))

        let reply = try T.decodeSimple("01 01 03 00 01 FA")
        #expect(try CCTalkCommand.dispenseHopperCoins(cipher).parseReply(reply) == .dispenseAccepted(eventCounter: 1))
    }

    struct ReplyVector: Sendable, CustomTestStringConvertible {
        let command: CCTalkCommand
        let device: UInt8
        let hex: String
        let response: CCTalkResponse
        var testDescription: String { hex }
    }

    static let replyVectors: [ReplyVector] = [
        .init(command: .simplePoll, device: 2, hex: "01 00 02 00 FD", response: .acknowledged),
        .init(command: .requestEquipmentCategory, device: 2,
              hex: "01 0D 02 00 43 6F 69 6E 20 41 63 63 65 70 74 6F 72 16", response: .equipmentCategory(.coinAcceptor)),
        .init(command: .requestSerialNumber, device: 2, hex: "01 03 02 00 4E 61 BC 8F", response: .serialNumber(12_345_678)),
        .init(command: .testHopper, device: 3, hex: "01 02 03 00 80 80 FA",
              response: .hopperTest(CCTalkHopperTestRegisters(register1: .payoutDisabled, register2: .pinMechanismEnabled))),
        .init(command: .enableHopper(true), device: 3, hex: "01 00 03 00 FC", response: .acknowledged),
        .init(command: .requestCipherKey, device: 3, hex: "01 08 03 00 B9 FE 5F AC 75 0A 7B 98 A0",
              response: .cipherKey(CCTalkTestSupport.bytes("B9 FE 5F AC 75 0A 7B 98"))),
        .init(command: .requestHopperStatus, device: 3, hex: "01 04 03 00 00 00 07 03 EE",
              response: .hopperStatus(CCTalkHopperStatus(eventCounter: 0, coinsRemaining: 0, lastPayoutCoinsPaid: 7, lastPayoutCoinsUnpaid: 3))),
        .init(command: .emergencyStop, device: 3, hex: "01 01 03 00 00 FB", response: .emergencyStopped(coinsRemaining: 0)),
    ]

    @Test(arguments: replyVectors)
    func referenceReplyParsesAndReencodes(_ vector: ReplyVector) throws {
        let frame = try T.decodeSimple(vector.hex)
        #expect(frame.source == vector.device)
        #expect(try vector.command.parseReply(frame) == vector.response)
        #expect(try vector.response.frame(from: vector.device).encoded(checksum: .simple8) == T.bytes(vector.hex))
    }

    @Test func azkoyenInhibitExampleEnablesDocumentedCoins() throws {
        let frame = try CCTalkFrame.decode([2, 2, 1, 231, 167, 10, 99], checksum: .simple8)
        guard case let .modifyInhibitStatus(mask) = try CCTalkCommand(frame: frame) else {
            Issue.record("expected modify inhibit status")
            return
        }
        #expect(mask.enabledPositions == [1, 2, 3, 6, 8, 10, 12])
        #expect(try CCTalkInhibitMask(enabledPositions: [1, 2, 3, 6, 8, 10, 12]).bytes == [167, 10])
    }

    /// Bill validator frames from the reference: framing only (bill commands are outside this codec).
    @Test(arguments: [
        ("28 00 01 9F 38", UInt8(159), [UInt8]()),
        ("28 01 01 9A 01 3B", 154, [1]),
        ("28 01 01 9A 00 3C", 154, [0]),
        ("28 01 01 99 03 3A", 153, [3]),
    ])
    func billValidatorFramesRoundTrip(hex: String, header: UInt8, data: [UInt8]) throws {
        let frame = CCTalkFrame(destination: 40, source: 1, header: header, data: data)
        #expect(try frame.encoded(checksum: .simple8) == T.bytes(hex))
        #expect(try T.decodeSimple(hex) == frame)
    }

    @Test func crc16ResetFrameAndAck() throws {
        let reset = CCTalkCommand.resetDevice.frame(to: 40)
        #expect(try reset.encoded(checksum: .crc16) == T.bytes("28 00 46 01 3F"))
        let decodedReset = try CCTalkFrame.decode(T.bytes("28 00 46 01 3F"), checksum: .crc16, impliedSource: 1)
        #expect(decodedReset == reset)

        let ack = CCTalkResponse.acknowledged.frame(from: 40)
        #expect(try ack.encoded(checksum: .crc16) == T.bytes("01 00 30 00 37"))
        let decodedAck = try CCTalkFrame.decode(T.bytes("01 00 30 00 37"), checksum: .crc16, impliedSource: 40)
        #expect(try CCTalkCommand.resetDevice.parseReply(decodedAck) == .acknowledged)
    }

    @Test func crc16MatchesXmodemAndReferenceValues() {
        #expect(CRC16.ccTalk.checksum(Array("123456789".utf8)) == 0x31C3)
        #expect(CRC16.ccTalk.checksum([0x28, 0x00, 0x01]) == 0x3F46)
        #expect(CRC16.ccTalk.checksum([0x01, 0x00, 0x00]) == 0x3730)
    }

    @Test func suzoManualTypoIsRejectedWithTheCorrectChecksum() {
        #expect(throws: CCTalkFrameError.checksumMismatch(expected: 0x7B, found: 0xBA)) {
            try T.decodeSimple("01 01 03 00 80 BA")
        }
    }
}
