/// The two-byte control field (class, instruction) that names a ZVT command or message.
public struct ZVTCommandCode: Hashable, Sendable, CustomStringConvertible {
    public let classByte: UInt8
    public let instruction: UInt8

    public init(_ classByte: UInt8, _ instruction: UInt8) {
        self.classByte = classByte
        self.instruction = instruction
    }

    public var description: String { "\(zvtHex(classByte).dropFirst(2)) \(zvtHex(instruction).dropFirst(2))" }

    // ECR → PT
    public static let registration = ZVTCommandCode(0x06, 0x00)
    public static let authorization = ZVTCommandCode(0x06, 0x01)
    public static let logOff = ZVTCommandCode(0x06, 0x02)
    public static let resetTerminal = ZVTCommandCode(0x06, 0x18)
    public static let reversal = ZVTCommandCode(0x06, 0x30)
    public static let endOfDay = ZVTCommandCode(0x06, 0x50)
    public static let diagnosis = ZVTCommandCode(0x06, 0x70)
    public static let abortCommand = ZVTCommandCode(0x06, 0xB0)
    public static let statusEnquiry = ZVTCommandCode(0x05, 0x01)
    // PT → ECR
    public static let statusInformation = ZVTCommandCode(0x04, 0x0F)
    public static let intermediateStatus = ZVTCommandCode(0x04, 0xFF)
    public static let completion = ZVTCommandCode(0x06, 0x0F)
    public static let terminalAbort = ZVTCommandCode(0x06, 0x1E)
    public static let printLine = ZVTCommandCode(0x06, 0xD1)
    public static let printTextBlock = ZVTCommandCode(0x06, 0xD3)
    // Both directions: 80 00 positive, 84 xx negative/special acknowledgement.
    public static let positiveAcknowledgementClass: UInt8 = 0x80
    public static let negativeAcknowledgementClass: UInt8 = 0x84
}

/// One ZVT application protocol data unit: `CLASS INSTR LEN DATA`.
///
/// LEN is one byte when the data is shorter than 255 bytes, otherwise `FF` followed by the length as two bytes,
/// little-endian (Portalum `ApduHelper`). Over TCP the APDU is sent as is; over RS-232 it is wrapped by
/// `ZVTSerialFrame`.
public struct ZVTAPDU: Equatable, Sendable {
    /// The largest data length the two-byte extended length can express.
    public static let maximumDataLength = 0xFFFF
    static let extendedLengthIndicator: UInt8 = 0xFF

    /// Class bytes seen in ZVT (04/05/06/08 commands and messages, 0F vendor reports, 80/84 acknowledgements).
    public static let knownClasses: Set<UInt8> = [0x04, 0x05, 0x06, 0x08, 0x0F, 0x80, 0x84]

    public var command: ZVTCommandCode
    public var data: [UInt8]

    public init(_ command: ZVTCommandCode, data: [UInt8] = []) {
        self.command = command
        self.data = data
    }

    /// The bytes on the wire (TCP) or inside a serial frame.
    public func encoded() throws(ZVTCodecError) -> [UInt8] {
        guard data.count <= Self.maximumDataLength else {
            throw .tooLong(context: "APDU \(command) data", length: data.count, limit: Self.maximumDataLength)
        }
        var bytes = [command.classByte, command.instruction]
        bytes.reserveCapacity(data.count + 5)
        if data.count < Int(Self.extendedLengthIndicator) {
            bytes.append(UInt8(data.count))
        } else {
            bytes += [Self.extendedLengthIndicator, UInt8(data.count & 0xFF), UInt8(data.count >> 8)]
        }
        return bytes + data
    }

    /// Decodes exactly one APDU occupying all of `bytes` (a serial frame's payload, or a test vector).
    public static func decode(_ bytes: [UInt8], acceptedClasses: Set<UInt8> = knownClasses) throws(ZVTCodecError) -> ZVTAPDU {
        guard let header = try parseHeader(bytes, startingAt: 0, acceptedClasses: acceptedClasses,
                                           maximumDataLength: maximumDataLength) else {
            let needed = (bytes.count >= 3 && bytes[2] == extendedLengthIndicator) ? 5 : 3
            throw .truncated(context: "APDU header", needed: needed - bytes.count, available: bytes.count)
        }
        let total = header.headerLength + header.dataLength
        guard bytes.count >= total else {
            throw .truncated(context: "APDU \(header.command) data", needed: total - bytes.count,
                             available: bytes.count - header.headerLength)
        }
        guard bytes.count == total else {
            throw .trailingBytes(context: "APDU \(header.command)", count: bytes.count - total)
        }
        return ZVTAPDU(header.command, data: Array(bytes[header.headerLength..<total]))
    }

    struct Header {
        let command: ZVTCommandCode
        let headerLength: Int
        let dataLength: Int
    }

    /// Reads the header at `start`; nil while more bytes are needed to know the data length.
    /// Rejects an unknown class as soon as its byte is seen, and a length above `maximumDataLength`.
    static func parseHeader(_ bytes: [UInt8], startingAt start: Int, acceptedClasses: Set<UInt8>,
                            maximumDataLength: Int) throws(ZVTCodecError) -> Header? {
        let available = bytes.count - start
        guard available >= 1 else { return nil }
        guard acceptedClasses.contains(bytes[start]) else { throw .unexpectedClass(found: bytes[start]) }
        guard available >= 3 else { return nil }
        let command = ZVTCommandCode(bytes[start], bytes[start + 1])
        var headerLength = 3
        var dataLength = Int(bytes[start + 2])
        if bytes[start + 2] == extendedLengthIndicator {
            guard available >= 5 else { return nil }
            headerLength = 5
            dataLength = Int(bytes[start + 3]) | Int(bytes[start + 4]) << 8
        }
        guard dataLength <= maximumDataLength else {
            throw .tooLong(context: "APDU \(command) declared length", length: dataLength, limit: maximumDataLength)
        }
        return Header(command: command, headerLength: headerLength, dataLength: dataLength)
    }
}
