import TownCore

extension StatisticsReport {
    public func text() -> String {
        var out = "Statistics — kiosk \(kiosk), \(from) to \(to) (local days, Europe/Prague)\n\n"
        var methods = TextTable(["Method", "count", "amount"])
        for method in PaymentMethodKind.allCases {
            let totals = byMethod[method] ?? PaymentTotals()
            methods.append([method.rawValue, String(totals.count), ReportMoney.text(totals.amount)])
        }
        methods.append(["total", String(payments.count), ReportMoney.text(payments.amount)])
        out += methods.render() + "\n"

        var fees = TextTable(["Fee type", "description", "count", "amount"], alignments: [.left, .left, .right, .right])
        for line in byFeeType {
            fees.append([line.feeType.code, line.label, String(line.totals.count), ReportMoney.text(line.totals.amount)])
        }
        out += (byFeeType.isEmpty ? "Fee types: no payments\n" : fees.render()) + "\n"

        var hours = TextTable(["Hour", "count", "amount"])
        for line in byHour where line.totals.count > 0 {
            hours.append([Self.hourLabel(line.hour), String(line.totals.count), ReportMoney.text(line.totals.amount)])
        }
        out += (payments.count == 0 ? "Hours: no payments\n" : hours.render()) + "\n"

        if byDay.count > 1 {
            var days = TextTable(["Day", "count", "amount"])
            for line in byDay { days.append([line.day.description, String(line.totals.count), ReportMoney.text(line.totals.amount)]) }
            out += days.render() + "\n"
        }
        out += "Payouts:         \(payouts.count), \(ReportMoney.text(payouts.amount))\n"
        out += "Refunds owed:    \(refundsOwed.count), \(ReportMoney.text(refundsOwed.amount))\n"
        out += "Faults:          " + (faults.isEmpty ? "none" : faults.map { "\($0.device) \($0.count)" }.joined(separator: ", ")) + "\n"
        out += "Uptime:          \(Self.percent(availability.uptimeBasisPoints)) of \(Self.duration(availability.observedMilliseconds)) observed, "
            + "\(availability.outOfServicePeriods) out-of-service period(s) totalling \(Self.duration(availability.outOfServiceMilliseconds))\n"
        return out
    }

    public func csv() -> String {
        var csv = CSVDocument(header: ReportCSV.header)
        for method in PaymentMethodKind.allCases {
            let totals = byMethod[method] ?? PaymentTotals()
            csv.append(ReportCSV.row("method", method.rawValue, "", totals.count, totals.amount))
        }
        csv.append(ReportCSV.row("payments", "total", "", payments.count, payments.amount))
        for line in byHour { csv.append(ReportCSV.row("hour", Self.hourLabel(line.hour), "", line.totals.count, line.totals.amount)) }
        for line in byDay { csv.append(ReportCSV.row("day", line.day.description, "", line.totals.count, line.totals.amount)) }
        for line in byFeeType {
            csv.append(ReportCSV.row("fee_type", line.feeType.code, line.label, line.totals.count, line.totals.amount))
        }
        csv.append(ReportCSV.row("payouts", "settled", "", payouts.count, payouts.amount))
        csv.append(ReportCSV.row("refunds", "owed", "", refundsOwed.count, refundsOwed.amount))
        for fault in faults { csv.append(ReportCSV.row("faults", fault.device, "", fault.count, nil)) }
        csv.append(ReportCSV.row("availability", "uptime_percent", Self.percent(availability.uptimeBasisPoints, czech: false), nil, nil))
        csv.append(ReportCSV.row("availability", "observed_seconds", "", Int(availability.observedMilliseconds / 1_000), nil))
        csv.append(ReportCSV.row("availability", "out_of_service_seconds", "", Int(availability.outOfServiceMilliseconds / 1_000), nil))
        csv.append(ReportCSV.row("availability", "out_of_service_periods", "", availability.outOfServicePeriods, nil))
        return csv.render()
    }

    static func hourLabel(_ hour: Int) -> String { (hour < 10 ? "0" : "") + String(hour) + ":00" }

    /// `99,50 %` (Czech) or `99.50` (CSV); `n/a` when nothing was observed.
    static func percent(_ basisPoints: Int?, czech: Bool = true) -> String {
        guard let basisPoints else { return "n/a" }
        let fraction = basisPoints % 100
        let text = String(basisPoints / 100) + (czech ? "," : ".") + (fraction < 10 ? "0" : "") + String(fraction)
        return czech ? text + " %" : text
    }

    static func duration(_ milliseconds: Int64) -> String {
        let minutes = milliseconds / 60_000
        return minutes >= 60 ? "\(minutes / 60) h \(minutes % 60) min" : "\(minutes) min"
    }
}
