/// A parsed QR Platba string (SPAYD, `SPD*1.0*ACC:…*AM:…*`): its version and key–value fields in order.
///
/// Values are kept as written (still percent-encoded); `value(_:)` decodes one on demand, so a badly
/// encoded message cannot stop the kiosk from reading the symbol and amount it needs.
public struct SpaydDocument: Hashable, Sendable {
    /// One `KEY:value` attribute.
    public struct Field: Hashable, Sendable {
        public let key: String
        public let rawValue: String
    }

    /// The header version, e.g. `1.0`.
    public let version: String
    public let fields: [Field]

    /// Longest string accepted: the capacity of the largest QR code in alphanumeric mode.
    public static let maximumLength = 4296

    /// Parses per the qr-platba.cz specification: `SPD*` + version `n.n`, then `KEY:value` attributes
    /// separated by `*` (final `*` optional), keys of `A–Z` and `-`, each key at most once, `ACC` required.
    public init(parsing text: String) throws(SpaydParseError) {
        guard text.utf8.count <= SpaydDocument.maximumLength else { throw .tooLong(length: text.utf8.count) }
        guard text.hasPrefix("SPD*") else { throw .missingHeader(found: ASCIIText.preview(text, limit: 12)) }
        var parts = text.dropFirst(4).split(separator: "*", omittingEmptySubsequences: false)
        let versionParts = parts.removeFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard versionParts.count == 2, versionParts.allSatisfy({ ASCIIText.isDigits($0) }) else {
            throw .badVersion(found: ASCIIText.preview(versionParts.joined(separator: ".")))
        }
        if parts.last?.isEmpty == true { parts.removeLast() }
        var fields: [Field] = []
        for (offset, part) in parts.enumerated() {
            guard let colon = part.firstIndex(of: ":") else {
                throw .malformedAttribute(position: offset + 1, found: ASCIIText.preview(part))
            }
            let key = String(part[..<colon])
            let value = String(part[part.index(after: colon)...])
            guard !key.isEmpty, key.utf8.allSatisfy({ ASCIIText.isUppercaseLetter($0) || $0 == UInt8(ascii: "-") }) else {
                throw .badKey(found: ASCIIText.preview(key))
            }
            guard !value.isEmpty else { throw .emptyValue(key: key) }
            guard !fields.contains(where: { $0.key == key }) else { throw .duplicateKey(key) }
            fields.append(Field(key: key, rawValue: value))
        }
        guard fields.contains(where: { $0.key == "ACC" }) else { throw .missingAccount }
        version = versionParts.joined(separator: ".")
        self.fields = fields
    }

    /// The value of `key` as written, or nil when absent.
    public func rawValue(_ key: String) -> String? {
        fields.first(where: { $0.key == key })?.rawValue
    }

    /// The value of `key` with `%XX` escapes decoded as UTF-8, or nil when absent.
    public func value(_ key: String) throws(SpaydParseError) -> String? {
        guard let raw = rawValue(key) else { return nil }
        var bytes: [UInt8] = []
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .badEscape(key: key)
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .badEscape(key: key) }
        return decoded
    }

    /// `AM` as money: up to 10 digits, optionally `.` and up to 2 decimals (`480.50`, `480.5`, `480`).
    public func amount() throws(SpaydParseError) -> Money? {
        guard let raw = rawValue("AM") else { return nil }
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count <= 2, whole.utf8.count <= 10, fraction.utf8.count <= 2, !(whole.isEmpty && fraction.isEmpty),
              whole.isEmpty || ASCIIText.isDigits(whole), fraction.isEmpty || ASCIIText.isDigits(fraction)
        else { throw .badAmount(found: ASCIIText.preview(raw)) }
        let crowns = Int64(ASCIIText.digitValue(whole) ?? 0)
        let halere = Int64(ASCIIText.digitValue(fraction.count == 1 ? fraction + "0" : fraction) ?? 0)
        return Money(halere: crowns * 100 + halere)
    }

    /// `X-VS` as a variabilní symbol, or nil when absent.
    public func variableSymbol() throws(SpaydParseError) -> VariableSymbol? {
        guard let raw = rawValue("X-VS") else { return nil }
        do throws(VariableSymbolError) { return try VariableSymbol(raw) } catch { throw .badVariableSymbol(error) }
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

/// Why text is not a usable SPAYD string.
public enum SpaydParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLong(length: Int)
    case missingHeader(found: String)
    case badVersion(found: String)
    case malformedAttribute(position: Int, found: String)
    case badKey(found: String)
    case emptyValue(key: String)
    case duplicateKey(String)
    case missingAccount
    case badEscape(key: String)
    case badAmount(found: String)
    case badVariableSymbol(VariableSymbolError)

    public var description: String {
        switch self {
        case .tooLong(let length): "expected a SPAYD string of at most \(SpaydDocument.maximumLength) bytes, found \(length)"
        case .missingHeader(let found): "expected a SPAYD string starting SPD*, found \(found)"
        case .badVersion(let found): "expected a SPAYD version like 1.0 after SPD*, found \(found)"
        case .malformedAttribute(let position, let found):
            "expected SPAYD attribute \(position) as KEY:value, found \(found)"
        case .badKey(let found): "expected a SPAYD key of A–Z and -, found \(found)"
        case .emptyValue(let key): "expected a value for SPAYD key \(key), found none"
        case .duplicateKey(let key): "expected SPAYD key \(key) at most once, found it repeated"
        case .missingAccount: "expected the mandatory SPAYD key ACC, found none"
        case .badEscape(let key): "expected valid %XX escapes forming UTF-8 in SPAYD \(key), found a broken one"
        case .badAmount(let found): "expected SPAYD AM as up to 10 digits with up to 2 decimals after a dot, found \(found)"
        case .badVariableSymbol(let error): "SPAYD X-VS: \(error)"
        }
    }
}
