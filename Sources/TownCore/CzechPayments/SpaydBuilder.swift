/// Builds a QR Platba (SPAYD 1.0) string for a payment to the town, e.g.
/// `SPD*1.0*ACC:CZ6508000000192000145399*AM:600.00*CC:CZK*DT:20250331*MSG:POPLATEK ZE PSA 2025*X-VS:1341000123`.
///
/// Keys come in a fixed order (ACC, ALT-ACC, AM, CC, RF, RN, DT, PT, MSG, X-VS, X-KS, X-SS, then CRC32),
/// matching the published examples. Free text (RN, MSG) is folded to uppercase ASCII without diacritics,
/// as recommended so the QR code can use alphanumeric mode; `*` and `%` are percent-encoded. Every field
/// limit is enforced on the encoded value, so the result passes the strictest validators.
public struct SpaydBuilder: Hashable, Sendable {
    public var account: IBAN
    /// Optional BIC appended to ACC as `IBAN+BIC`.
    public var bic: String?
    /// ALT-ACC, at most two.
    public var alternateAccounts: [IBAN] = []
    /// AM; also emits `CC` when set.
    public var amount: Money?
    /// ISO 4217 code emitted as CC alongside the amount.
    public var currency = "CZK"
    /// RF: payer-to-payee reference, 1–16 digits.
    public var reference: String?
    /// RN: payee name, at most 35 characters after folding.
    public var payeeName: String?
    /// DT: the day the bank should execute the payment.
    public var dueDate: DayDate?
    /// PT: payment type, 1–3 of A–Z/0–9 (`IP` = instant payment).
    public var paymentType: String?
    /// MSG: message for the payee, at most 60 characters after folding.
    public var message: String?
    public var variableSymbol: VariableSymbol?
    /// X-KS: konstantní symbol, 1–10 digits.
    public var constantSymbol: String?
    /// X-SS: specifický symbol, 1–10 digits.
    public var specificSymbol: String?
    /// Appends CRC32 per the Korma/Shoptet convention; off by default because readers disagree on it.
    public var includesCRC32 = false

    public init(account: IBAN) { self.account = account }

    /// The SPAYD string, without a trailing `*`.
    public func build() throws(SpaydBuildError) -> String {
        let fields = try encodedFields()
        var text = "SPD*1.0*" + fields.map { $0.key + ":" + $0.value }.joined(separator: "*")
        if includesCRC32 { text += "*CRC32:" + SpaydBuilder.crc32(of: fields) }
        return text
    }

    /// CRC-32 over the header and the attributes sorted by key, joined by `*`, without a trailing `*`
    /// (Korma-Chameleon/spayd and shoptet/spayd-php), as 8 uppercase hex digits.
    static func crc32(of fields: [(key: String, value: String)]) -> String {
        let sorted = fields.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        return CRC32.hex(of: "SPD*1.0*" + sorted.map { $0.key + ":" + $0.value }.joined(separator: "*"))
    }

    private func encodedFields() throws(SpaydBuildError) -> [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = []
        var accountValue = account.electronic
        if let bic {
            guard SpaydBuilder.isBIC(bic) else { throw .invalidBIC(found: ASCIIText.preview(bic)) }
            accountValue += "+" + bic
        }
        fields.append(("ACC", accountValue))
        if !alternateAccounts.isEmpty {
            guard alternateAccounts.count <= 2 else { throw .tooManyAlternateAccounts(alternateAccounts.count) }
            fields.append(("ALT-ACC", alternateAccounts.map(\.electronic).joined(separator: ",")))
        }
        if let amount {
            guard amount.isPositive else { throw .amountNotPositive(amount) }
            let text = amount.decimalString
            guard text.utf8.count <= 10 else { throw .fieldTooLong(key: "AM", maximum: 10, length: text.utf8.count) }
            let currencyBytes = Array(currency.utf8)
            guard currencyBytes.count == 3, currencyBytes.allSatisfy(ASCIIText.isUppercaseLetter) else {
                throw .invalidCurrency(found: ASCIIText.preview(currency))
            }
            fields.append(("AM", text))
            fields.append(("CC", currency))
        }
        if let reference { fields.append(("RF", try SpaydBuilder.digits(reference, key: "RF", maximum: 16))) }
        if let payeeName { fields.append(("RN", try SpaydBuilder.text(payeeName, key: "RN", maximum: 35))) }
        if let dueDate { fields.append(("DT", dueDate.compactString)) }
        if let paymentType {
            let bytes = Array(paymentType.utf8)
            guard (1...3).contains(bytes.count), bytes.allSatisfy({ ASCIIText.isUppercaseLetter($0) || ASCIIText.isDigit($0) })
            else { throw .invalidPaymentType(found: ASCIIText.preview(paymentType)) }
            fields.append(("PT", paymentType))
        }
        if let message { fields.append(("MSG", try SpaydBuilder.text(message, key: "MSG", maximum: 60))) }
        if let variableSymbol { fields.append(("X-VS", variableSymbol.digits)) }
        if let constantSymbol { fields.append(("X-KS", try SpaydBuilder.digits(constantSymbol, key: "X-KS", maximum: 10))) }
        if let specificSymbol { fields.append(("X-SS", try SpaydBuilder.digits(specificSymbol, key: "X-SS", maximum: 10))) }
        return fields
    }

    private static func digits(_ value: String, key: String, maximum: Int) throws(SpaydBuildError) -> String {
        guard ASCIIText.isDigits(value), value.utf8.count <= maximum else {
            throw .notDigits(key: key, maximum: maximum, found: ASCIIText.preview(value))
        }
        return value
    }

    /// Folds, checks for printable ASCII, percent-encodes `%` and `*`, then enforces the length limit.
    private static func text(_ value: String, key: String, maximum: Int) throws(SpaydBuildError) -> String {
        let folded = CzechTextFolding.asciiUppercase(value)
        var encoded = ""
        for scalar in folded.unicodeScalars {
            guard (0x20...0x7E).contains(scalar.value) else {
                throw .unsupportedCharacter(key: key, found: ASCIIText.preview(String(scalar)))
            }
            switch scalar {
            case "*": encoded += "%2A"
            case "%": encoded += "%25"
            default: encoded.unicodeScalars.append(scalar)
            }
        }
        guard !encoded.isEmpty else { throw .emptyField(key: key) }
        guard encoded.utf8.count <= maximum else { throw .fieldTooLong(key: key, maximum: maximum, length: encoded.utf8.count) }
        return encoded
    }

    /// 8 or 11 characters: bank (4 letters), country (2 letters), location (2), optional branch (3).
    private static func isBIC(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let alphanumeric: (UInt8) -> Bool = { ASCIIText.isUppercaseLetter($0) || ASCIIText.isDigit($0) }
        return (bytes.count == 8 || bytes.count == 11) && bytes[0..<6].allSatisfy(ASCIIText.isUppercaseLetter)
            && bytes[6...].allSatisfy(alphanumeric)
    }
}

/// A SPAYD field value that breaks the format's rules.
public enum SpaydBuildError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidBIC(found: String)
    case tooManyAlternateAccounts(Int)
    case amountNotPositive(Money)
    case invalidCurrency(found: String)
    case notDigits(key: String, maximum: Int, found: String)
    case invalidPaymentType(found: String)
    case unsupportedCharacter(key: String, found: String)
    case emptyField(key: String)
    case fieldTooLong(key: String, maximum: Int, length: Int)

    public var description: String {
        switch self {
        case .invalidBIC(let found): "expected a BIC of 8 or 11 characters (e.g. KOMBCZPP), found \(found)"
        case .tooManyAlternateAccounts(let count): "expected at most 2 alternate accounts (ALT-ACC), found \(count)"
        case .amountNotPositive(let amount): "expected a positive SPAYD amount, found \(amount)"
        case .invalidCurrency(let found): "expected a 3-letter ISO 4217 currency code, found \(found)"
        case .notDigits(let key, let maximum, let found): "expected SPAYD \(key) as 1–\(maximum) digits, found \(found)"
        case .invalidPaymentType(let found): "expected SPAYD PT as 1–3 characters A–Z or 0–9, found \(found)"
        case .unsupportedCharacter(let key, let found):
            "expected SPAYD \(key) in printable ASCII after removing diacritics, found \(found)"
        case .emptyField(let key): "expected text in SPAYD \(key), found none"
        case .fieldTooLong(let key, let maximum, let length):
            "expected SPAYD \(key) of at most \(maximum) characters, found \(length)"
        }
    }
}
