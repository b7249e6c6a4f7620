/// Intermediate Status Information 04 FF: `[status][timeout seconds][BMPs, usually 06 with display texts]`.
/// Each one restarts the ECR's T4 timer (Portalum issue #14). The timeout byte is optional — Portalum's
/// simulator sends just `04 FF 01 0A` — but it must be present for any BMP to follow.
public struct ZVTIntermediateStatus: ZVTMessageBody {
    public static let command = ZVTCommandCode.intermediateStatus

    public var status: ZVTIntermediateStatusCode
    public var timeoutSeconds: UInt8?
    public var fields: [ZVTBMPField]

    public init(status: ZVTIntermediateStatusCode, timeoutSeconds: UInt8? = nil, fields: [ZVTBMPField] = []) {
        self.status = status
        self.timeoutSeconds = timeoutSeconds
        self.fields = fields
    }

    /// Lines the terminal wants displayed (TLV 24 → 07) when `status` is `textInTLV`; raw bytes, CP437 by default.
    public var displayLines: [[UInt8]] { fields.zvtTLV?.primitiveValues(of: .textLines) ?? [] }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        status = ZVTIntermediateStatusCode(rawValue: try reader.readByte("intermediate status code"))
        timeoutSeconds = reader.isAtEnd ? nil : try reader.readByte("intermediate status timeout")
        fields = try ZVTBMPCodec.decodeFields(&reader)
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] {
        var data = [status.rawValue]
        if let timeoutSeconds {
            data.append(timeoutSeconds)
        } else if !fields.isEmpty {
            throw .missingField(context: "intermediate status", field: "timeout byte before BMPs")
        }
        return data + (try ZVTBMPCodec.encodeFields(fields))
    }
}
