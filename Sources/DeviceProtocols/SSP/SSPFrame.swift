/// One SSP packet as it travels on the wire:
/// `STX(0x7F) | SEQ/ID | LEN | DATA[LEN] | CRC-L | CRC-H`.
///
/// `SEQ/ID` is the sequence flag (bit 7) over the slave address (bits 0–6). The CRC
/// (`CRC16.ssp`) covers `SEQ/ID`, `LEN` and `DATA`, is computed before stuffing and is sent
/// low byte first. After STX every 0x7F is sent twice, so a lone 0x7F always starts a packet.
public struct SSPFrame: Hashable, Sendable {
    public static let stx: UInt8 = 0x7F
    public static let sequenceFlagMask: UInt8 = 0x80
    /// Address 0x7F is refused: with the flag clear its SEQ/ID byte would be 0x7F, which a
    /// receiver joining mid-stream cannot tell apart from a stuffed data byte.
    public static let addressRange: ClosedRange<UInt8> = 0x00...0x7E
    public static let dataCountRange: ClosedRange<Int> = 1...255

    /// NV200, SMART Payout and NV9 answer at 0x00 (kassomat-payout).
    public static let validatorAddress: UInt8 = 0x00
    /// SMART Hopper answers at 0x10 (kassomat-payout).
    public static let smartHopperAddress: UInt8 = 0x10

    public let sequenceFlag: Bool
    public let address: UInt8
    /// Command code + parameters, or generic response + reply data (or STEX + ciphertext).
    public let data: [UInt8]

    public init(sequenceFlag: Bool, address: UInt8, data: [UInt8]) throws(SSPFrameError) {
        guard Self.addressRange.contains(address) else { throw .addressOutOfRange(address) }
        guard Self.dataCountRange.contains(data.count) else { throw .dataCountOutOfRange(data.count) }
        self.sequenceFlag = sequenceFlag
        self.address = address
        self.data = data
    }

    /// The SEQ/ID byte: sequence flag in bit 7, address below it.
    public var sequenceAndAddress: UInt8 { (sequenceFlag ? Self.sequenceFlagMask : 0) | address }

    /// The CRC the frame carries, computed over SEQ/ID, LEN and DATA.
    public var crc: UInt16 { Self.crc(sequenceAndAddress: sequenceAndAddress, data: data) }

    /// Exact bytes to put on the wire, stuffed.
    public func encoded() -> [UInt8] {
        let crc = crc
        var unstuffed: [UInt8] = [sequenceAndAddress, UInt8(data.count)]
        unstuffed.append(contentsOf: data)
        unstuffed.append(UInt8(truncatingIfNeeded: crc))
        unstuffed.append(UInt8(truncatingIfNeeded: crc >> 8))

        var wire: [UInt8] = [Self.stx]
        wire.reserveCapacity(unstuffed.count + 8)
        for byte in unstuffed {
            wire.append(byte)
            if byte == Self.stx { wire.append(Self.stx) }
        }
        return wire
    }

    static func crc(sequenceAndAddress: UInt8, data: [UInt8]) -> UInt16 {
        CRC16.ssp.checksum([sequenceAndAddress, UInt8(truncatingIfNeeded: data.count)] + data)
    }
}

/// Why an `SSPFrame` could not be built.
public enum SSPFrameError: Error, Hashable, Sendable, CustomStringConvertible {
    case addressOutOfRange(UInt8)
    case dataCountOutOfRange(Int)

    public var description: String {
        switch self {
        case .addressOutOfRange(let address):
            return "SSP address: expected 0x00...0x7E, found 0x\(sspHex(address))"
        case .dataCountOutOfRange(let count):
            return "SSP data length: expected 1...255 bytes, found \(count)"
        }
    }
}

func sspHex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return byte < 0x10 ? "0" + digits : digits
}

func sspHex(_ value: UInt16) -> String {
    sspHex(UInt8(truncatingIfNeeded: value >> 8)) + sspHex(UInt8(truncatingIfNeeded: value))
}

func sspHex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { sspHex($0) }.joined(separator: " ")
}
