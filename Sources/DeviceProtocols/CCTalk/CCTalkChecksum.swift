/// The two ways a ccTalk frame is protected (protocols.md §1.3).
public enum CCTalkChecksumMode: Sendable, Hashable {
    /// 8-bit additive checksum: the sum of every byte of the frame, checksum included, is 0 mod 256.
    case simple8
    /// CRC-16/XMODEM over destination, length, header and data. The source byte is *not* sent:
    /// its slot carries the CRC's low byte and the checksum slot carries the high byte.
    case crc16
}

enum CCTalkChecksum {
    /// The byte that makes the frame's byte sum wrap to zero.
    /// Concrete slice parameter rather than a generic: decoders call this per candidate frame.
    static func simple8(over bytes: ArraySlice<UInt8>) -> UInt8 {
        var sum: UInt8 = 0
        for index in bytes.indices { sum &+= bytes[index] }
        return 0 &- sum
    }

    static func crc16(destination: UInt8, header: UInt8, data: ArraySlice<UInt8>) -> UInt16 {
        var covered: [UInt8] = [destination, UInt8(truncatingIfNeeded: data.count), header]
        covered.append(contentsOf: data)
        return CRC16.ccTalk.checksum(covered)
    }
}
