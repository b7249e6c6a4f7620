/// A BER-TLV tag as ZVT uses it inside BMP 06: one byte, or `xx1F`-style multi-byte tags (e.g. `1F07`).
public struct ZVTTLVTag: Hashable, Sendable, CustomStringConvertible {
    /// The tag bytes, at most 4 (the spec defines 1- and 2-byte tags; Wireshark accepts up to 4).
    public let bytes: [UInt8]

    /// Validates that `bytes` form exactly one well-formed tag.
    public init?(bytes: [UInt8]) {
        guard let first = bytes.first, bytes.count <= 4 else { return nil }
        if first & 0x1F != 0x1F {
            guard bytes.count == 1 else { return nil }
        } else {
            guard bytes.count >= 2 else { return nil }
            for (index, byte) in bytes.enumerated().dropFirst() {
                let isLast = index == bytes.count - 1
                guard (byte & 0x80 == 0) == isLast else { return nil }
            }
        }
        self.bytes = bytes
    }

    /// A tag written as a number, e.g. `0x1F07` or `0x25`.
    public init?(_ number: UInt32) {
        var tagBytes: [UInt8] = []
        var rest = number
        repeat {
            tagBytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        } while rest != 0
        self.init(bytes: tagBytes)
    }

    public var number: UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }
    /// Bit 6 of the first byte: the value is itself a sequence of TLV objects.
    public var isConstructed: Bool { bytes[0] & 0x20 != 0 }
    public var description: String { bytes.map { zvtHex($0).dropFirst(2) }.joined() }

    // Known tags (Wireshark packet-zvt.c, Portalum parsers).
    public static let textLines = ZVTTLVTag(knownBytes: [0x07])
    public static let displayTexts = ZVTTLVTag(knownBytes: [0x24])
    public static let printTexts = ZVTTLVTag(knownBytes: [0x25])
    public static let receiptType = ZVTTLVTag(knownBytes: [0x1F, 0x07])
    public static let extendedErrorCode = ZVTTLVTag(knownBytes: [0x1F, 0x16])
    public static let extendedErrorText = ZVTTLVTag(knownBytes: [0x1F, 0x17])

    private init(knownBytes: [UInt8]) { self.bytes = knownBytes }
}

/// One TLV data object; constructed tags hold nested objects, primitive tags hold bytes.
public struct ZVTTLVObject: Equatable, Sendable {
    public enum Content: Equatable, Sendable {
        case primitive([UInt8])
        case constructed([ZVTTLVObject])
    }

    public var tag: ZVTTLVTag
    public var content: Content

    public init(tag: ZVTTLVTag, content: Content) {
        self.tag = tag
        self.content = content
    }

    public static func primitive(_ tag: ZVTTLVTag, _ value: [UInt8]) -> ZVTTLVObject {
        ZVTTLVObject(tag: tag, content: .primitive(value))
    }

    public static func constructed(_ tag: ZVTTLVTag, _ children: [ZVTTLVObject]) -> ZVTTLVObject {
        ZVTTLVObject(tag: tag, content: .constructed(children))
    }
}

/// The value of BMP 06: a length in BER form (`xx` below 0x80, `81 xx`, `82 xx xx`) and TLV objects.
public struct ZVTTLVContainer: Equatable, Sendable {
    public var objects: [ZVTTLVObject]

    public init(_ objects: [ZVTTLVObject] = []) { self.objects = objects }

    /// Values of every primitive object with `tag`, depth first in message order.
    public func primitiveValues(of tag: ZVTTLVTag) -> [[UInt8]] {
        var found: [[UInt8]] = []
        Self.collect(tag, in: objects, into: &found)
        return found
    }

    /// The first primitive value with `tag`, at any depth.
    public func firstValue(of tag: ZVTTLVTag) -> [UInt8]? { primitiveValues(of: tag).first }

    private static func collect(_ tag: ZVTTLVTag, in objects: [ZVTTLVObject], into found: inout [[UInt8]]) {
        for object in objects {
            switch object.content {
            case .primitive(let value) where object.tag == tag: found.append(value)
            case .primitive: continue
            case .constructed(let children): collect(tag, in: children, into: &found)
            }
        }
    }
}
