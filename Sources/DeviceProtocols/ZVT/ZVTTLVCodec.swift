/// Bytes ⇄ `ZVTTLVContainer`. Nesting is bounded so hostile input cannot exhaust the stack.
enum ZVTTLVCodec {
    static let maximumDepth = 16
    static let context = "TLV container (BMP 06)"

    /// Reads the container length and its objects from `reader` (positioned just after the BMP 06 byte).
    static func decodeContainer(_ reader: inout ZVTByteReader) throws(ZVTCodecError) -> ZVTTLVContainer {
        let length = try decodeLength(&reader, context: context)
        let body = try reader.readBytes(length, context)
        return ZVTTLVContainer(try decodeObjects(body, depth: 0))
    }

    /// The container's length field followed by its encoded objects.
    static func encodeContainer(_ container: ZVTTLVContainer) throws(ZVTCodecError) -> [UInt8] {
        var body: [UInt8] = []
        for object in container.objects { body += try encodeObject(object, depth: 0) }
        return try encodeLength(body.count, context: context) + body
    }

    static func decodeObjects(_ bytes: [UInt8], depth: Int) throws(ZVTCodecError) -> [ZVTTLVObject] {
        guard depth < maximumDepth else {
            throw .invalidTLV(context: context, reason: "expected nesting depth below \(maximumDepth), found deeper")
        }
        var reader = ZVTByteReader(bytes)
        var objects: [ZVTTLVObject] = []
        while !reader.isAtEnd {
            let tag = try decodeTag(&reader)
            let length = try decodeLength(&reader, context: "TLV tag \(tag) length")
            let value = try reader.readBytes(length, "TLV tag \(tag) value")
            if tag.isConstructed {
                objects.append(.constructed(tag, try decodeObjects(value, depth: depth + 1)))
            } else {
                objects.append(.primitive(tag, value))
            }
        }
        return objects
    }

    static func encodeObject(_ object: ZVTTLVObject, depth: Int) throws(ZVTCodecError) -> [UInt8] {
        guard depth < maximumDepth else {
            throw .invalidTLV(context: context, reason: "expected nesting depth below \(maximumDepth), found deeper")
        }
        let value: [UInt8]
        switch object.content {
        case .primitive(let bytes):
            guard !object.tag.isConstructed else {
                throw .invalidTLV(context: "TLV tag \(object.tag)", reason: "expected nested objects for a constructed tag, found bytes")
            }
            value = bytes
        case .constructed(let children):
            guard object.tag.isConstructed else {
                throw .invalidTLV(context: "TLV tag \(object.tag)", reason: "expected bytes for a primitive tag, found nested objects")
            }
            var nested: [UInt8] = []
            for child in children { nested += try encodeObject(child, depth: depth + 1) }
            value = nested
        }
        return object.tag.bytes + (try encodeLength(value.count, context: "TLV tag \(object.tag) length")) + value
    }

    private static func decodeTag(_ reader: inout ZVTByteReader) throws(ZVTCodecError) -> ZVTTLVTag {
        var bytes = [try reader.readByte("TLV tag")]
        if bytes[0] & 0x1F == 0x1F {
            while true {
                guard bytes.count < 4 else {
                    throw .invalidTLV(context: context, reason: "expected a tag of at most 4 bytes, found a longer one")
                }
                let next = try reader.readByte("TLV tag")
                bytes.append(next)
                if next & 0x80 == 0 { break }
            }
        }
        guard let tag = ZVTTLVTag(bytes: bytes) else {
            throw .invalidTLV(context: context, reason: "expected a well-formed tag, found \(bytes.map { zvtHex($0) })")
        }
        return tag
    }

    /// BER definite length: short form below 0x80, else 0x81/0x82 followed by one or two bytes.
    static func decodeLength(_ reader: inout ZVTByteReader, context: String) throws(ZVTCodecError) -> Int {
        let first = try reader.readByte(context)
        switch first {
        case 0x00..<0x80:
            return Int(first)
        case 0x81:
            return Int(try reader.readByte(context))
        case 0x82:
            let bytes = try reader.readBytes(2, context)
            return Int(bytes[0]) << 8 | Int(bytes[1])
        default:
            throw .invalidTLV(context: context, reason: "expected a length byte below 0x80, 0x81 or 0x82, found \(zvtHex(first))")
        }
    }

    static func encodeLength(_ length: Int, context: String) throws(ZVTCodecError) -> [UInt8] {
        switch length {
        case 0..<0x80: return [UInt8(length)]
        case 0x80...0xFF: return [0x81, UInt8(length)]
        case 0x100...0xFFFF: return [0x82, UInt8(length >> 8), UInt8(length & 0xFF)]
        default: throw .tooLong(context: context, length: length, limit: 0xFFFF)
        }
    }
}
