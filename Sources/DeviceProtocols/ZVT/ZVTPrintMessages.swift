/// Print Line 06 D1: `[attribute][text]` — one receipt line for the ECR's printer. Text is raw bytes
/// (CP437 by default, Latin-1/2/15 on some terminals); the receipt layer decodes it.
public struct ZVTPrintLine: ZVTMessageBody {
    public static let command = ZVTCommandCode.printLine

    /// Bit 7 (≠ 0x80) last line, 0xFF line feeds follow, bit 6 centred, bit 5 double width, bit 4 double height.
    public var attribute: UInt8
    public var text: [UInt8]

    public init(attribute: UInt8, text: [UInt8]) {
        self.attribute = attribute
        self.text = text
    }

    public var isLastLine: Bool { attribute & 0x80 != 0 && attribute != 0x80 && attribute != 0xFF }
    public var isLineFeed: Bool { attribute == 0xFF }
    public var isCentred: Bool { attribute & 0xC0 == 0x40 }
    public var isDoubleWidth: Bool { attribute & 0xA0 == 0x20 }
    public var isDoubleHeight: Bool { attribute & 0x90 == 0x10 }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        var reader = ZVTByteReader(data)
        attribute = try reader.readByte("print line attribute")
        text = reader.readRemaining()
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] { [attribute] + text }
}

/// Print Text-Block 06 D3: BMP 06 with receipt type (TLV 1F07) and print texts (TLV 25 holding 07 lines).
///
/// Sources disagree on tag 09 inside it (Portalum: end of receipt; Wireshark: attribute), so it is kept in
/// `fields` but not interpreted.
public struct ZVTPrintTextBlock: ZVTMessageBody {
    public static let command = ZVTCommandCode.printTextBlock

    public var fields: [ZVTBMPField]

    public init(fields: [ZVTBMPField]) { self.fields = fields }

    /// A block as a terminal simulator would send it: `06 [1F07 type] [25 [07 line]...]`.
    public init(receiptType: UInt8?, lines: [[UInt8]]) {
        var objects: [ZVTTLVObject] = []
        if let receiptType { objects.append(.primitive(.receiptType, [receiptType])) }
        objects.append(.constructed(.printTexts, lines.map { .primitive(.textLines, $0) }))
        fields = [.tlv(ZVTTLVContainer(objects))]
    }

    /// 1 merchant receipt, 2 customer receipt, 3 administration receipt (Wireshark, Portalum).
    public var receiptType: UInt8? { fields.zvtTLV?.firstValue(of: .receiptType)?.first }
    /// Text lines (TLV 07) in order, raw bytes.
    public var lines: [[UInt8]] { fields.zvtTLV?.primitiveValues(of: .textLines) ?? [] }

    public init(data: [UInt8]) throws(ZVTCodecError) {
        fields = try ZVTBMPCodec.decodeFields(data)
    }

    public func encodedData() throws(ZVTCodecError) -> [UInt8] { try ZVTBMPCodec.encodeFields(fields) }
}
