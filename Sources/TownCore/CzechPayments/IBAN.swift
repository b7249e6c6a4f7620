/// An International Bank Account Number (ISO 13616) in electronic form, e.g. `CZ6508000000192000145399`,
/// validated by the mod-97 rule; Czech IBANs are also checked for length 24 and a valid domestic account.
public struct IBAN: Hashable, Sendable, CustomStringConvertible {
    /// Electronic form: uppercase, no spaces.
    public let electronic: String

    /// Accepts the electronic or the printed form (spaces between groups), in either letter case.
    public init(_ text: String) throws(IBANError) {
        var normalized: [UInt8] = []
        for byte in text.utf8 where byte != UInt8(ascii: " ") {
            let isLower = byte >= 0x61 && byte <= 0x7A
            normalized.append(isLower ? byte - 0x20 : byte)
        }
        guard (15...34).contains(normalized.count) else {
            throw .lengthOutOfRange(length: normalized.count, found: ASCIIText.preview(text))
        }
        guard normalized[0..<2].allSatisfy(ASCIIText.isUppercaseLetter),
              normalized[2..<4].allSatisfy(ASCIIText.isDigit),
              normalized[4...].allSatisfy({ ASCIIText.isUppercaseLetter($0) || ASCIIText.isDigit($0) })
        else { throw .malformed(found: ASCIIText.preview(text)) }
        guard IBAN.mod97(normalized[4...] + normalized[0..<4]) == 1 else { throw .checksum(found: ASCIIText.preview(text)) }
        if normalized.starts(with: "CZ".utf8) {
            _ = try IBAN.domesticAccount(normalized, original: text)
        }
        electronic = String(decoding: normalized, as: UTF8.self)
    }

    /// The Czech IBAN of a domestic account: `CZ` + check digits + bank code + prefix(6) + number(10).
    public init(czechAccount account: CzechBankAccount) {
        let bban = Array(account.bban.utf8)
        let check = 98 - IBAN.mod97(bban + Array("CZ00".utf8))
        electronic = "CZ" + ASCIIText.zeroPadded(check, width: 2) + account.bban
    }

    public var countryCode: String { String(electronic.prefix(2)) }
    public var checkDigits: String { String(electronic.dropFirst(2).prefix(2)) }

    /// Printed form in groups of four: `CZ65 0800 0000 1920 0014 5399`.
    public var printed: String {
        var groups: [String] = []
        var rest = Substring(electronic)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    public var description: String { electronic }

    /// The domestic account inside a Czech IBAN; throws for other countries or an invalid domestic part.
    public func czechAccount() throws(IBANError) -> CzechBankAccount {
        guard countryCode == "CZ" else { throw .notCzech(electronic) }
        return try IBAN.domesticAccount(Array(electronic.utf8), original: electronic)
    }

    /// Reads bank code, prefix and number from a Czech IBAN's bytes and checks them as a domestic account.
    private static func domesticAccount(_ bytes: [UInt8], original: String) throws(IBANError) -> CzechBankAccount {
        guard bytes.count == 24, bytes[4...].allSatisfy(ASCIIText.isDigit),
              let prefix = ASCIIText.digitValue(bytes: bytes[8..<14]),
              let number = ASCIIText.digitValue(bytes: bytes[14..<24])
        else { throw .czechFormat(found: ASCIIText.preview(original)) }
        do throws(BankAccountError) {
            return try CzechBankAccount(prefix: prefix, number: number, bankCode: String(decoding: bytes[4..<8], as: UTF8.self))
        } catch {
            throw .domesticAccount(error)
        }
    }

    /// Remainder mod 97 of the number formed by the characters, letters counting as 10 (A) … 35 (Z).
    /// Digit by digit, so it never overflows whatever the length.
    static func mod97(_ characters: some Sequence<UInt8>) -> Int {
        var remainder = 0
        for byte in characters {
            if ASCIIText.isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte) - 0x41 + 10) % 97
            }
        }
        return remainder
    }
}

/// Encoded in the electronic form (no spaces).
extension IBAN: CanonicalTextCodable {
    public init(canonicalText: String) throws { try self.init(canonicalText) }
    public var canonicalText: String { electronic }
}

/// Why text is not a valid IBAN (or not a Czech one where one is needed).
public enum IBANError: Error, Equatable, Sendable, CustomStringConvertible {
    case lengthOutOfRange(length: Int, found: String)
    case malformed(found: String)
    case checksum(found: String)
    case czechFormat(found: String)
    case notCzech(String)
    case domesticAccount(BankAccountError)

    public var description: String {
        switch self {
        case .lengthOutOfRange(let length, let found):
            "expected an IBAN of 15–34 characters, found \(length) in \(found)"
        case .malformed(let found):
            "expected an IBAN as 2 letters, 2 check digits, then letters or digits, found \(found)"
        case .checksum(let found): "IBAN \(found) fails the mod-97 check (expected remainder 1)"
        case .czechFormat(let found): "expected a Czech IBAN of CZ + 22 digits, found \(found)"
        case .notCzech(let iban): "expected a Czech (CZ) IBAN, found \(iban)"
        case .domesticAccount(let error): "the IBAN's domestic account is invalid: \(error)"
        }
    }
}
