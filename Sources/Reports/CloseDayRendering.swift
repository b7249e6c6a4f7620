import TownCore

extension CloseDayReport {
    /// The closing as the main cashier reads and prints it.
    public func text() -> String {
        var out = "Daily closing — kiosk \(kiosk), \(day) (local day, Europe/Prague)\n\n"
        var methods = TextTable(["Payments", "count", "amount", "cash", "card"])
        for method in PaymentMethodKind.allCases {
            let totals = byMethod[method] ?? PaymentTotals()
            methods.append([method.rawValue, String(totals.count), ReportMoney.text(totals.amount),
                            ReportMoney.text(totals.cash), ReportMoney.text(totals.card)])
        }
        methods.append(["total", String(payments.count), ReportMoney.text(payments.amount), ReportMoney.text(payments.cash),
                        ReportMoney.text(payments.card)])
        out += methods.render() + "\n"

        var fees = TextTable(["Fee type", "description", "count", "amount"], alignments: [.left, .left, .right, .right])
        for line in byFeeType {
            fees.append([line.feeType.code, line.label, String(line.totals.count), ReportMoney.text(line.totals.amount)])
        }
        out += (byFeeType.isEmpty ? "Fee types: no payments\n" : fees.render()) + "\n"

        if let receipts {
            let gaps = receipts.missing.isEmpty ? "no gaps" : "MISSING " + receipts.missing.joined(separator: ", ")
            out += "Receipts:        \(receipts.first) … \(receipts.last) (\(receipts.count)), \(gaps)\n"
        } else {
            out += "Receipts:        none issued\n"
        }
        out += "Payouts:         \(payouts.count), \(ReportMoney.text(payouts.amount)) settled, \(ReportMoney.text(payoutCash)) paid in cash\n"
        out += "Change given:    \(ReportMoney.text(changeGiven))\n"
        out += "Refunds owed:    \(refundsOwed.count), \(ReportMoney.text(refundsOwed.amount)) (paid at the cash desk)\n"
        out += "Refunds paid:    \(ReportMoney.text(refundsPaid)) given back by the kiosk\n"
        out += "Rounding:        payments \(ReportMoney.signed(paymentRounding)), payouts \(ReportMoney.signed(payoutRounding))\n"
        out += "Cancelled:       \(cancelledTransactions)\n\n"

        var movement = TextTable(["Cash movement", "received", "dispensed", "refilled", "collected"])
        for line in cashMovement {
            movement.append([line.unit, ReportMoney.text(line.received), ReportMoney.text(line.dispensed),
                             ReportMoney.text(line.refilled), ReportMoney.text(line.collected)])
        }
        out += movement.render()

        if !collections.isEmpty {
            var table = TextTable(["Collection", "technician", "expected", "counted", "difference"],
                                  alignments: [.left, .left, .right, .right, .right])
            for line in collections {
                table.append([line.unit.rawValue, line.technician, ReportMoney.text(line.expectedAmount),
                              ReportMoney.text(line.countedAmount), ReportMoney.signed(line.difference)])
            }
            out += "\n" + table.render()
        }
        if !suspects.isEmpty {
            out += "\nSuspect transactions (a technician must resolve them):\n"
            out += suspects.map { "  \($0.reference): \($0.detail)\n" }.joined()
        }
        if !resolvedSuspects.isEmpty {
            out += "\nResolved today: \(resolvedSuspects.joined(separator: ", "))\n"
        }
        return out
    }

    /// One tidy table: section, key, label, count, amount in haléře and in crowns.
    public func csv() -> String {
        var csv = CSVDocument(header: ReportCSV.header)
        for method in PaymentMethodKind.allCases {
            let totals = byMethod[method] ?? PaymentTotals()
            csv.append(ReportCSV.row("method", method.rawValue, "", totals.count, totals.amount))
            csv.append(ReportCSV.row("method_cash", method.rawValue, "", nil, totals.cash))
            csv.append(ReportCSV.row("method_card", method.rawValue, "", nil, totals.card))
        }
        csv.append(ReportCSV.row("payments", "total", "", payments.count, payments.amount))
        for line in byFeeType {
            csv.append(ReportCSV.row("fee_type", line.feeType.code, line.label, line.totals.count, line.totals.amount))
        }
        if let receipts {
            csv.append(ReportCSV.row("receipts", "first", receipts.first, nil, nil))
            csv.append(ReportCSV.row("receipts", "last", receipts.last, receipts.count, nil))
            for number in receipts.missing { csv.append(ReportCSV.row("receipts", "missing", number, nil, nil)) }
        }
        csv.append(ReportCSV.row("payouts", "settled", "", payouts.count, payouts.amount))
        csv.append(ReportCSV.row("payouts", "cash", "", nil, payoutCash))
        csv.append(ReportCSV.row("change", "given", "", nil, changeGiven))
        csv.append(ReportCSV.row("refunds", "owed", "", refundsOwed.count, refundsOwed.amount))
        csv.append(ReportCSV.row("refunds", "paid", "", nil, refundsPaid))
        csv.append(ReportCSV.row("rounding", "payments", "", nil, paymentRounding))
        csv.append(ReportCSV.row("rounding", "payouts", "", nil, payoutRounding))
        csv.append(ReportCSV.row("transactions", "cancelled", "", cancelledTransactions, nil))
        for line in cashMovement {
            csv.append(ReportCSV.row("cash_received", line.unit, "", nil, line.received))
            csv.append(ReportCSV.row("cash_dispensed", line.unit, "", nil, line.dispensed))
            csv.append(ReportCSV.row("cash_refilled", line.unit, "", nil, line.refilled))
            csv.append(ReportCSV.row("cash_collected", line.unit, "", nil, line.collected))
        }
        for line in collections {
            csv.append(ReportCSV.row("collection_difference", line.unit.rawValue, line.technician, nil, line.difference))
        }
        for suspect in suspects { csv.append(ReportCSV.row("suspect", suspect.reference, suspect.detail, nil, nil)) }
        return csv.render()
    }
}

/// The columns every report CSV shares, so one spreadsheet template reads them all.
enum ReportCSV {
    static let header = ["section", "key", "label", "count", "amount_halere", "amount_kc"]

    static func row(_ section: String, _ key: String, _ label: String, _ count: Int?, _ amount: Money?) -> [String] {
        [section, key, label, count.map(String.init) ?? "", amount.map { String($0.halere) } ?? "",
         amount.map(ReportMoney.csvCrowns) ?? ""]
    }
}
