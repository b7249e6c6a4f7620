import TownCore

/// The CSV forms of the economics imports. Amounts are integer haléře; booleans `true`/`false` (or 1/0).
///
/// Receivables: `id,variable_symbol,description,payer_display_name,amount_due,amount_paid,allows_partial_payment,due_date`
/// (`payer_display_name`, `amount_paid`, `due_date` may be omitted or empty).
/// Fees: `code,name_cs,name_en,pricing,amount,minimum,maximum` with `pricing` = `fixed` (uses `amount`) or
/// `entered` (uses `minimum`,`maximum`).
public enum EconCSV {
    public static func receivables(_ text: String) throws(CSVError) -> [Obligation] {
        let table = try CSVTable(parsing: text)
        let id = try table.column("id"), vs = try table.column("variable_symbol"), description = try table.column("description")
        let due = try table.column("amount_due"), partial = try table.column("allows_partial_payment")
        let payer = table.optionalColumn("payer_display_name")
        let paid = table.optionalColumn("amount_paid")
        let dueDate = table.optionalColumn("due_date")
        var result: [Obligation] = []
        for row in table.rows {
            let cell = Cell(row: row, header: table.header)
            let symbol: VariableSymbol
            do { symbol = try VariableSymbol(cell.text(vs)) } catch { throw cell.error(vs, "\(error)") }
            var date: DayDate?
            if let dueDate, !cell.text(dueDate).isEmpty {
                do { date = try DayDate(parsing: cell.text(dueDate)) } catch { throw cell.error(dueDate, "\(error)") }
            }
            var payerName: String?
            if let payer, !cell.text(payer).isEmpty { payerName = cell.text(payer) }
            var amountPaid = Money.zero
            if let paid, !cell.text(paid).isEmpty { amountPaid = try cell.money(paid) }
            let amountDue = try cell.money(due)
            let allowsPartial = try cell.bool(partial)
            do {
                result.append(try Obligation(id: cell.text(id), variableSymbol: symbol, description: cell.text(description),
                                             payerDisplayName: payerName, amountDue: amountDue, amountPaid: amountPaid,
                                             allowsPartialPayment: allowsPartial, dueDate: date))
            } catch {
                throw cell.error(id, "\(error)")
            }
        }
        return result
    }

    public static func fees(_ text: String) throws(CSVError) -> FeeCatalog {
        let table = try CSVTable(parsing: text)
        let code = try table.column("code"), nameCs = try table.column("name_cs"), nameEn = try table.column("name_en")
        let pricing = try table.column("pricing")
        let amount = table.optionalColumn("amount"), minimum = table.optionalColumn("minimum"), maximum = table.optionalColumn("maximum")
        var items: [FeeItem] = []
        for row in table.rows {
            let cell = Cell(row: row, header: table.header)
            let price: FeePricing
            switch cell.text(pricing) {
            case "fixed":
                guard let amount else { throw cell.error(pricing, "expected an amount column for a fixed fee, found none") }
                price = .fixed(try cell.money(amount))
            case "entered":
                guard let minimum, let maximum else { throw cell.error(pricing, "expected minimum and maximum columns for an entered fee, found none") }
                price = .entered(minimum: try cell.money(minimum), maximum: try cell.money(maximum))
            default:
                throw cell.error(pricing, "expected fixed or entered, found \"\(cell.text(pricing).prefix(20))\"")
            }
            do {
                items.append(try FeeItem(code: cell.text(code), nameCs: cell.text(nameCs), nameEn: cell.text(nameEn), pricing: price))
            } catch {
                throw cell.error(code, "\(error)")
            }
        }
        do { return try FeeCatalog(items) } catch { throw CSVError(line: 1, column: code + 1, message: "\(error)") }
    }

    private struct Cell {
        let row: CSVTable.Row
        let header: [String]

        // Safe: CSVTable guarantees every row has exactly as many fields as the header.
        func text(_ column: Int) -> String { row.fields[column].trimmingSpaces }

        func error(_ column: Int, _ message: String) -> CSVError {
            CSVError(line: row.line, column: column + 1, message: "\(header[column]): \(message)")
        }

        func money(_ column: Int) throws(CSVError) -> Money {
            let value = text(column)
            guard (1...18).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let halere = Int64(value) else {
                throw error(column, "expected an integer amount in haléře, found \"\(value.prefix(20))\"")
            }
            return Money(halere: halere)
        }

        func bool(_ column: Int) throws(CSVError) -> Bool {
            switch text(column) {
            case "true", "1": return true
            case "false", "0": return false
            default: throw error(column, "expected true or false, found \"\(text(column).prefix(20))\"")
            }
        }
    }
}
