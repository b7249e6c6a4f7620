/// Reassembles APDUs from a TCP byte stream, whatever the chunking (one byte at a time works).
///
/// Usage: `append` every received chunk, then call `next()` until it returns nil. ZVT over TCP has no
/// resynchronisation marker, so after any thrown error the stream's framing is lost: the decoder keeps
/// failing with the same error until `reset()`; the connection should be dropped and re-established.
public struct ZVTAPDUStreamDecoder: Sendable {
    /// Declared data lengths above this are rejected before any data is buffered.
    public let maximumDataLength: Int
    public let acceptedClasses: Set<UInt8>

    private var buffer: [UInt8] = []
    private var readIndex = 0

    public init(maximumDataLength: Int = ZVTAPDU.maximumDataLength,
                acceptedClasses: Set<UInt8> = ZVTAPDU.knownClasses) {
        self.maximumDataLength = min(max(0, maximumDataLength), ZVTAPDU.maximumDataLength)
        self.acceptedClasses = acceptedClasses
    }

    /// Bytes received but not yet returned as an APDU.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete APDU, or nil when more bytes are needed.
    public mutating func next() throws(ZVTCodecError) -> ZVTAPDU? {
        guard let header = try ZVTAPDU.parseHeader(buffer, startingAt: readIndex, acceptedClasses: acceptedClasses,
                                                   maximumDataLength: maximumDataLength) else { return nil }
        let dataStart = readIndex + header.headerLength
        let end = dataStart + header.dataLength
        guard buffer.count >= end else { return nil }
        let apdu = ZVTAPDU(header.command, data: Array(buffer[dataStart..<end]))
        readIndex = end
        compactIfWorthwhile()
        return apdu
    }

    /// Call when the connection closes: throws `.truncated` if an APDU was cut off mid-way.
    public func finish() throws(ZVTCodecError) {
        let pending = bufferedByteCount
        guard pending > 0 else { return }
        let header = try ZVTAPDU.parseHeader(buffer, startingAt: readIndex, acceptedClasses: acceptedClasses,
                                             maximumDataLength: maximumDataLength)
        guard let header else {
            let needed = (pending >= 3 && buffer[readIndex + 2] == ZVTAPDU.extendedLengthIndicator) ? 5 : 3
            throw .truncated(context: "APDU header at end of stream", needed: needed - pending, available: pending)
        }
        let have = pending - header.headerLength
        throw .truncated(context: "APDU \(header.command) data at end of stream",
                         needed: header.dataLength - have, available: have)
    }

    /// Forgets all buffered bytes (after an error, or on reconnect).
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        readIndex = 0
    }

    private mutating func compactIfWorthwhile() {
        if readIndex == buffer.count {
            reset()
        } else if readIndex > 4096, readIndex * 2 > buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
    }
}
