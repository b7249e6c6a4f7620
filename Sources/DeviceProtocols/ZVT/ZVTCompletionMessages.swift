/// Completion 06 0F: the terminal hands control back to the ECR; the command succeeded.
///
/// Two shapes: after most commands a BMP list (often empty; 19 status byte, 29 TID, 49 currency, 06 TLV), and
/// after Status Enquiry `[software version LLLVAR][terminal status byte][06 TLV]`. The version has no BMP
/// number; its first byte is an LLLVAR digit F0...F9, which no BMP allowed here starts with (ecrterm relies
/// on the same rule), so that byte tells the shapes apart.
public struct ZVTCompletion: ZVTMessageBody {
    public static let command = ZVTCommandCode.completion

    /// Raw software-version text (7-bit ZVT character set); only in the status-enquiry shape.
    public var softwareVersion: [UInt8]?
    /// Terminal status after the software version (0x00 = PT ready).
    public var terminalStatus: UInt8?
    public var fields: [ZVTBMPField]

    public init(softwareVersion: [UInt8]? = nil, terminalStatus: UInt8? = nil, fields: [ZVTBMPField] = []) {
        self.softwareVersion = softwareVersion
        self.terminalStatus = terminalStatus
        self.fields = fields
    }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        if let first = reader.peekByte(), (0xF0...0xF9).contains(first) {
            let length = try ZVTBMPCodec.decodeLengthPrefix(&reader, digits: 3, context: "completion software version")
            softwareVersion = try reader.readBytes(length, "completion software version")
            terminalStatus = reader.isAtEnd ? nil : try reader.readByte("completion terminal status")
        }
        fields = try ZVTBMPCodec.decodeFields(&reader)
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] {
        var data: [UInt8] = []
        if let softwareVersion {
            data += try ZVTBMPCodec.encodeLengthPrefix(softwareVersion.count, digits: 3, context: "completion software version")
            data += softwareVersion
            if let terminalStatus {
                data.append(terminalStatus)
            } else if !fields.isEmpty {
                throw .missingField(context: "completion", field: "terminal status before BMPs")
            }
        } else if terminalStatus != nil {
            throw .missingField(context: "completion", field: "software version before terminal status")
        }
        if softwareVersion == nil, let first = fields.first, (0xF0...0xF9).contains(first.bmp) {
            throw .unexpectedBMP(context: "completion (would read as a software version)", bmp: first.bmp)
        }
        return data + (try ZVTBMPCodec.encodeFields(fields))
    }
}

/// Abort 06 1E from the terminal: `[result code][BMPs, e.g. 06 with 1F16 extended code / 1F17 text]`.
/// The command failed; `resultCode` says why. It is nil only if the terminal sent no byte at all
/// (Portalum tolerates that) — treat as an unknown failure.
public struct ZVTTerminalAbort: ZVTMessageBody {
    public static let command = ZVTCommandCode.terminalAbort

    public var resultCode: ZVTResultCode?
    public var fields: [ZVTBMPField]

    public init(resultCode: ZVTResultCode?, fields: [ZVTBMPField] = []) {
        self.resultCode = resultCode
        self.fields = fields
    }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        resultCode = reader.isAtEnd ? nil : ZVTResultCode(rawValue: try reader.readByte("abort result code"))
        fields = try ZVTBMPCodec.decodeFields(&reader)
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] {
        guard let resultCode else {
            if fields.isEmpty { return [] }
            throw .missingField(context: "terminal abort", field: "result code before BMPs")
        }
        return [resultCode.rawValue] + (try ZVTBMPCodec.encodeFields(fields))
    }
}
