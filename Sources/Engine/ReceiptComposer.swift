import Devices
import TownCore

/// The printed documents: the cash document (pokladní doklad) and the slips that give the citizen a
/// reference to quote at the cash desk. Only what the journal holds is printed.
enum ReceiptComposer {
    static func receipt(_ configuration: EngineConfiguration, _ receipt: ReceiptIssued, reference: String,
                        slipLines: [String]) -> PrintJob {
        var lines = header(configuration)
        let title = receipt.kind == .payment ? "PŘÍJMOVÝ POKLADNÍ DOKLAD" : "VÝDAJOVÝ POKLADNÍ DOKLAD"
        lines.append(PrintLine(title, alignment: .center, bold: true))
        lines.append(PrintLine("č. \(receipt.number)", alignment: .center))
        lines.append(PrintLine("Datum: \(receipt.day)"))
        lines.append(PrintLine(receipt.description))
        if let symbol = receipt.variableSymbol { lines.append(PrintLine("Variabilní symbol: \(symbol)")) }
        lines.append(PrintLine(row("Částka", receipt.amount), bold: true))
        if receipt.cash.isPositive { lines.append(PrintLine(row("Hotově", receipt.cash))) }
        if !receipt.rounding.isZero { lines.append(PrintLine(row("Zaokrouhlení", receipt.rounding))) }
        if receipt.card.isPositive { lines.append(PrintLine(row("Kartou", receipt.card))) }
        if receipt.change.isPositive { lines.append(PrintLine(row("Vráceno", receipt.change))) }
        if receipt.owed.isPositive {
            lines.append(PrintLine(row("K vyplacení na pokladně", receipt.owed), bold: true))
        }
        if !slipLines.isEmpty {
            lines.append(PrintLine("--------------------------------"))
            lines += slipLines.map { PrintLine($0) }
        }
        lines.append(PrintLine("Reference: \(reference)"))
        return PrintJob(id: PrintJobID(receipt.number.description), lines: lines)
    }

    /// Money the kiosk keeps for the citizen: the cash desk pays it against the reference.
    static func refundSlip(_ configuration: EngineConfiguration, reference: String, owed: Money, day: DayDate) -> PrintJob {
        var lines = header(configuration)
        lines.append(PrintLine("POTVRZENÍ O NEVRÁCENÉ HOTOVOSTI", alignment: .center, bold: true))
        lines.append(PrintLine("Datum: \(day)"))
        lines.append(PrintLine(row("K vyplacení na pokladně", owed), bold: true))
        lines.append(PrintLine("Předložte na pokladně úřadu.", alignment: .center))
        lines.append(PrintLine("Reference: \(reference)", bold: true))
        return PrintJob(id: PrintJobID(reference + "-refund"), lines: lines)
    }

    /// The transaction ended in doubt; staff reconcile it with this reference.
    static func problemSlip(_ configuration: EngineConfiguration, reference: String, day: DayDate) -> PrintJob {
        var lines = header(configuration)
        lines.append(PrintLine("TRANSAKCE NEDOKONČENA", alignment: .center, bold: true))
        lines.append(PrintLine("Datum: \(day)"))
        lines.append(PrintLine("Obraťte se prosím na pokladnu úřadu", alignment: .center))
        lines.append(PrintLine("s touto referencí:", alignment: .center))
        lines.append(PrintLine(reference, alignment: .center, bold: true, large: true))
        return PrintJob(id: PrintJobID(reference + "-problem"), lines: lines)
    }

    private static func header(_ configuration: EngineConfiguration) -> [PrintLine] {
        [
            PrintLine(configuration.officeName, alignment: .center, bold: true),
            PrintLine("IČ \(configuration.officeID), kiosek \(configuration.kiosk)", alignment: .center),
        ]
    }

    /// `Částka ........ 1 234,00 Kč` padded to the 42 columns of an 80 mm printer.
    private static func row(_ label: String, _ amount: Money) -> String {
        let value = amount.description
        let gap = max(1, 42 - label.count - value.count)
        return label + String(repeating: " ", count: gap) + value
    }
}
