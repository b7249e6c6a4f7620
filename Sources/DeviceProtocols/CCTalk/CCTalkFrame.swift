/// One ccTalk message: `[destination] [length] [source] [header] [data…] [checksum]` (protocols.md §1.3).
///
/// In CRC-16 mode the source address is not on the wire (its slot carries the CRC's low byte), so a
/// decoded CRC frame's `source` is the `impliedSource` the caller knows from context — for a host, the
/// device it just addressed.
public struct CCTalkFrame: Sendable, Hashable, CustomStringConvertible {
    /// Largest data block the decoders accept. Devices send far less; a larger length byte is treated as
    /// corruption so a resynchronising decoder does not wait for hundreds of bytes that never come.
    public static let maximumDataLength = 252
    /// destination, length, source, header, checksum.
    public static let overheadLength = 5

    public var destination: UInt8
    public var source: UInt8
    public var header: UInt8
    public var data: [UInt8]

    public init(destination: UInt8, source: UInt8, header: UInt8, data: [UInt8] = []) {
        self.destination = destination
        self.source = source
        self.header = header
        self.data = data
    }

    public var description: String {
        "ccTalk[\(destination)←\(source) hdr \(header) data \(CCTalkHex.list(data))]"
    }

    /// Wire bytes for this frame.
    public func encoded(checksum mode: CCTalkChecksumMode) throws(CCTalkFrameError) -> [UInt8] {
        guard data.count <= Self.maximumDataLength else {
            throw .dataLengthTooLarge(maximum: Self.maximumDataLength, found: data.count)
        }
        let length = UInt8(data.count)
        switch mode {
        case .simple8:
            var bytes = [destination, length, source, header]
            bytes.append(contentsOf: data)
            bytes.append(CCTalkChecksum.simple8(over: bytes[...]))
            return bytes
        case .crc16:
            let crc = CCTalkChecksum.crc16(destination: destination, header: header, data: data[...])
            var bytes = [destination, length, UInt8(truncatingIfNeeded: crc), header]
            bytes.append(contentsOf: data)
            bytes.append(UInt8(truncatingIfNeeded: crc >> 8))
            return bytes
        }
    }

    /// Decodes exactly one frame; `bytes` must hold that frame and nothing else.
    public static func decode(
        _ bytes: [UInt8],
        checksum mode: CCTalkChecksumMode,
        impliedSource: UInt8 = CCTalkAddress.host
    ) throws(CCTalkFrameError) -> CCTalkFrame {
        try decode(bytes[...], checksum: mode, impliedSource: impliedSource)
    }

    public static func decode(
        _ frame: ArraySlice<UInt8>,
        checksum mode: CCTalkChecksumMode,
        impliedSource: UInt8 = CCTalkAddress.host
    ) throws(CCTalkFrameError) -> CCTalkFrame {
        try validated(frame, checksum: mode, impliedSource: impliedSource).get()
    }

    /// The non-throwing core: the stream decoder tries a candidate at every byte while resyncing.
    static func validated(
        _ frame: ArraySlice<UInt8>, checksum mode: CCTalkChecksumMode, impliedSource: UInt8
    ) -> Result<CCTalkFrame, CCTalkFrameError> {
        guard frame.count >= overheadLength else {
            return .failure(.truncated(expectedAtLeast: overheadLength, found: frame.count))
        }
        let start = frame.startIndex
        let dataLength = Int(frame[start + 1])
        guard dataLength <= maximumDataLength else {
            return .failure(.dataLengthTooLarge(maximum: maximumDataLength, found: dataLength))
        }
        let expectedTotal = dataLength + overheadLength
        guard frame.count == expectedTotal else {
            return .failure(.lengthMismatch(declaredDataLength: dataLength, expectedTotal: expectedTotal, found: frame.count))
        }
        let destination = frame[start], slot = frame[start + 2], header = frame[start + 3]
        let data = frame[(start + 4)..<(start + 4 + dataLength)]
        let last = frame[start + expectedTotal - 1]
        switch mode {
        case .simple8:
            let expected = CCTalkChecksum.simple8(over: frame.dropLast())
            guard expected == last else { return .failure(.checksumMismatch(expected: expected, found: last)) }
            return .success(CCTalkFrame(destination: destination, source: slot, header: header, data: Array(data)))
        case .crc16:
            let expected = CCTalkChecksum.crc16(destination: destination, header: header, data: data)
            let found = UInt16(last) << 8 | UInt16(slot)
            guard expected == found else { return .failure(.crcMismatch(expected: expected, found: found)) }
            return .success(CCTalkFrame(destination: destination, source: impliedSource, header: header, data: Array(data)))
        }
    }
}
