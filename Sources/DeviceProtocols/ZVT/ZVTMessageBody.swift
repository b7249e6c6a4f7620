/// A ZVT message with a fixed control field: its data bytes decode to and encode from the conforming type.
/// The ECR encodes commands and decodes terminal messages; a simulator does the reverse with the same types.
public protocol ZVTMessageBody: Equatable, Sendable {
    static var command: ZVTCommandCode { get }
    /// Decodes the APDU data (everything after the length field).
    init(data: [UInt8]) throws(ZVTCodecError)
    /// Encodes the APDU data.
    func encodedData() throws(ZVTCodecError) -> [UInt8]
}

extension ZVTMessageBody {
    public init(apdu: ZVTAPDU) throws(ZVTCodecError) {
        guard apdu.command == Self.command else {
            throw .unexpectedCommand(expected: Self.command, found: apdu.command)
        }
        try self.init(data: apdu.data)
    }

    public func apdu() throws(ZVTCodecError) -> ZVTAPDU {
        ZVTAPDU(Self.command, data: try encodedData())
    }
}

/// Shared rule for messages that allow a fixed set of optional BMPs, each at most once.
func zvtDecodeAllowedFields(_ reader: inout ZVTByteReader, allowed: Set<UInt8>,
                            context: String) throws(ZVTCodecError) -> [UInt8: ZVTBMPField] {
    var fields: [UInt8: ZVTBMPField] = [:]
    while !reader.isAtEnd {
        let field = try ZVTBMPCodec.decodeField(&reader)
        guard allowed.contains(field.bmp), fields[field.bmp] == nil else {
            throw .unexpectedBMP(context: context, bmp: field.bmp)
        }
        fields[field.bmp] = field
    }
    return fields
}
