/// The kiosk's list of ad-hoc fees, as pushed by the economics system, with lookup by code.
public struct FeeCatalog: Hashable, Sendable {
    /// Items in display order.
    public let items: [FeeItem]
    private let indexByCode: [String: Int]

    /// Refuses a catalogue with a repeated code, since a code must name exactly one price.
    public init(_ items: [FeeItem]) throws(FeeCatalogError) {
        var index: [String: Int] = [:]
        for (position, item) in items.enumerated() {
            guard index[item.code] == nil else { throw .duplicateCode(item.code) }
            index[item.code] = position
        }
        self.items = items
        indexByCode = index
    }

    /// The item with this code, or nil.
    public func item(code: String) -> FeeItem? {
        indexByCode[code].map { items[$0] }
    }

    /// The item with this code, or a typed error naming the unknown code.
    public func lookup(code: String) throws(FeeCatalogError) -> FeeItem {
        guard let item = item(code: code) else { throw .unknownCode(ASCIIText.preview(code)) }
        return item
    }
}

extension FeeCatalog: Codable {
    /// Encoded as the plain array of items; decoding rejects duplicates.
    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode([FeeItem].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(items)
    }
}

/// A catalogue problem: a repeated code when building, an unknown code when looking up.
public enum FeeCatalogError: Error, Equatable, Sendable, CustomStringConvertible {
    case duplicateCode(String)
    case unknownCode(String)

    public var description: String {
        switch self {
        case .duplicateCode(let code): "expected unique fee codes, found \(code) more than once"
        case .unknownCode(let code): "expected a fee code from the catalogue, found \(code)"
        }
    }
}
