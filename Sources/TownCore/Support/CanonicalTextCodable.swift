/// A value written as one validated string (a kiosk code, an IBAN, a date): encoding writes
/// `canonicalText`, decoding goes through the validating initializer, so a file or a sync message can
/// never smuggle in a value the type would refuse.
public protocol CanonicalTextCodable: Codable {
    init(canonicalText: String) throws
    var canonicalText: String { get }
}

extension CanonicalTextCodable {
    public init(from decoder: any Decoder) throws {
        try self.init(canonicalText: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(canonicalText)
    }
}
