@testable import DeviceProtocols
import TownCore

/// "7F 80 01" → [0x7F, 0x80, 0x01]; spaces optional. Test input only, so a typo fails loudly.
func sspBytes(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd hex digit count in test vector \(text)")
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            preconditionFailure("bad hex in test vector \(text)")
        }
        bytes.append(byte)
        index = next
    }
    return bytes
}

typealias SSPSeededGenerator = SeededRandomNumberGenerator

/// Decodes a stream in one go and returns only the frames, requiring no errors.
func sspDecodeFrames(_ wire: [UInt8]) -> [SSPFrame] {
    var decoder = SSPFrameDecoder()
    return decoder.feed(wire).compactMap { try? $0.get() }
}

let sspCZK100 = SSPAmount.czk(10_000)
let sspCZK500 = SSPAmount.czk(50_000)

/// One sample of every command, with non-trivial parameters.
let sspAllCommandSamples: [SSPCommand] = [
    .reset, .setChannelInhibits(enabledChannels: 0x7F00), .displayOn, .displayOff, .setupRequest,
    .hostProtocolVersion(8), .poll, .rejectBanknote, .disable, .enable, .getSerialNumber, .sync,
    .lastRejectCode, .hold, .getFirmwareVersion, .getDatasetVersion, .getAllLevels,
    .payoutAmount(sspCZK500, .real), .payoutAmount(.czk(1_700_000), .test), .getDenominationLevel(sspCZK100),
    .haltPayout, .setDenominationRoute(.payout, sspCZK100), .setDenominationRoute(.cashbox, .czk(500_000)),
    .getDenominationRoute(sspCZK500), .emptyAll,
    .payoutByDenomination([SSPNoteCount(count: 2, amount: sspCZK100), SSPNoteCount(count: 1, amount: sspCZK500)], .real),
    .payoutByDenomination([], .test), .setGenerator(0xFA13), .setModulus(0x7F7F_0000_0000_0001),
    .requestKeyExchange(hostIntermediate: 0x0123_4567_89AB_CDEF), .smartEmpty, .cashboxPayoutOperationData,
    .pollWithAck, .eventAck, .disablePayoutDevice, .enablePayoutDevice(options: nil),
    .enablePayoutDevice(options: [.giveValueOnStored, .noHoldNoteOnPayout]), .setFixedEncryptionKey(0x0123_4567_0123_4567),
    .resetFixedEncryptionKey,
]
