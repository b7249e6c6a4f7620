/// What the kiosk's barcode/QR scanner typed, reduced to what the kiosk needs to find a receivable:
/// the variabilní symbol, and the amount when the code carried one.
///
/// Accepts a plain VS (the barcode on a payment slip or assessment) or a QR Platba (SPAYD) string with
/// `X-VS`. Anything else is refused with a message saying what was expected. A SPAYD `CRC32` field is
/// not checked: generators disagree on what it covers, and the QR code's own error correction already
/// protects the scan.
public struct ScannedPaymentCode: Hashable, Sendable {
    /// Which kind of code was read.
    public enum Kind: String, Hashable, Sendable, Codable {
        case plainVariableSymbol
        case spayd
    }

    public let kind: Kind
    public let variableSymbol: VariableSymbol
    /// The SPAYD `AM` amount; nil for a plain VS or a SPAYD without `AM`.
    public let amount: Money?

    /// Digits as a keyboard-wedge scanner types them when the PC uses the Czech QWERTZ layout: the
    /// unshifted number row gives `+ěščřžýáíé` for `1234567890`. A code made only of these is mapped back.
    static let czechLayoutDigits: [Character: Character] = [
        "+": "1", "ě": "2", "š": "3", "č": "4", "ř": "5", "ž": "6", "ý": "7", "á": "8", "í": "9", "é": "0",
    ]

    /// Reads scanner text; surrounding spaces and the scanner's CR/LF/TAB suffix are ignored.
    public init(scanned text: String) throws(ScannedPaymentCodeError) {
        let trimmed = String(text.trimmingASCIIWhitespace())
        guard !trimmed.isEmpty else { throw .empty }
        if trimmed.hasPrefix("SPD*") {
            try self.init(spayd: trimmed)
        } else if ASCIIText.isDigits(trimmed) {
            try self.init(plainSymbol: trimmed)
        } else if trimmed.allSatisfy({ ScannedPaymentCode.czechLayoutDigits[$0] != nil }) {
            try self.init(plainSymbol: String(trimmed.compactMap { ScannedPaymentCode.czechLayoutDigits[$0] }))
        } else {
            throw .unrecognized(found: ASCIIText.preview(trimmed))
        }
    }

    private init(plainSymbol digits: String) throws(ScannedPaymentCodeError) {
        do throws(VariableSymbolError) { variableSymbol = try VariableSymbol(digits) } catch {
            throw .invalidVariableSymbol(error)
        }
        kind = .plainVariableSymbol
        amount = nil
    }

    private init(spayd text: String) throws(ScannedPaymentCodeError) {
        let document: SpaydDocument
        let symbol: VariableSymbol?
        let amount: Money?
        do throws(SpaydParseError) {
            document = try SpaydDocument(parsing: text)
            symbol = try document.variableSymbol()
            amount = try document.amount()
        } catch {
            throw .invalidSpayd(error)
        }
        guard let symbol else { throw .spaydWithoutVariableSymbol }
        if let currency = document.rawValue("CC"), currency != "CZK" { throw .unsupportedCurrency(ASCIIText.preview(currency)) }
        if let amount, !amount.isPositive { throw .amountNotPositive(amount) }
        kind = .spayd
        variableSymbol = symbol
        self.amount = amount
    }
}

/// Why scanner text cannot be used to look up a payment.
public enum ScannedPaymentCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case invalidVariableSymbol(VariableSymbolError)
    case invalidSpayd(SpaydParseError)
    case spaydWithoutVariableSymbol
    case unsupportedCurrency(String)
    case amountNotPositive(Money)
    case unrecognized(found: String)

    public var description: String {
        switch self {
        case .empty: "expected a scanned variabilní symbol or QR Platba code, found nothing"
        case .invalidVariableSymbol(let error): "scanned code: \(error)"
        case .invalidSpayd(let error): "scanned QR Platba code: \(error)"
        case .spaydWithoutVariableSymbol: "expected the QR Platba code to carry a variabilní symbol (X-VS), found none"
        case .unsupportedCurrency(let currency): "expected a QR Platba code in CZK, found currency \(currency)"
        case .amountNotPositive(let amount): "expected a positive QR Platba amount, found \(amount)"
        case .unrecognized(let found):
            "expected a variabilní symbol (1–10 digits) or a QR Platba code (SPD*…), found \(found)"
        }
    }
}
