import TownCore

/// A standalone SVG bar chart of the amount paid per local hour of day (Europe/Prague).
public enum HourChartSVG {
    static let width = 800
    static let height = 400
    static let left = 90
    static let right = 20
    static let top = 50
    static let bottom = 50

    public static func render(_ report: StatisticsReport) -> String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let slot = plotWidth / 24
        let barWidth = slot - 6
        let maximum = report.byHour.map(\.totals.amount.halere).max() ?? 0
        let title = "Payments by hour of day — kiosk \(report.kiosk), \(report.from) to \(report.to)"

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="sans-serif" font-size="12">
            <title>\(escape(title))</title>
            <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>
            <text x="\(width / 2)" y="28" text-anchor="middle" font-size="16">\(escape(title))</text>

            """
        // Axes and the top tick with the largest hour's amount.
        let baseline = top + plotHeight
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(baseline)\" stroke=\"#333333\"/>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(baseline)\" x2=\"\(left + plotWidth)\" y2=\"\(baseline)\" stroke=\"#333333\"/>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(baseline + 4)\" text-anchor=\"end\">0 Kč</text>\n"
        if maximum > 0 {
            svg += "<text x=\"\(left - 6)\" y=\"\(top + 4)\" text-anchor=\"end\">\(escape(Money(halere: maximum).czechString()))</text>\n"
            svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left + plotWidth)\" y2=\"\(top)\" stroke=\"#dddddd\"/>\n"
        }
        for line in report.byHour {
            let x = left + line.hour * slot + 3
            let barHeight = scaled(line.totals.amount.halere, maximum: maximum, to: plotHeight)
            if barHeight > 0 {
                svg += "<rect x=\"\(x)\" y=\"\(baseline - barHeight)\" width=\"\(barWidth)\" height=\"\(barHeight)\" fill=\"#2b6cb0\">"
                svg += "<title>\(StatisticsReport.hourLabel(line.hour)): \(line.totals.count) × \(escape(line.totals.amount.czechString()))</title></rect>\n"
            }
            if line.hour % 2 == 0 {
                svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(baseline + 18)\" text-anchor=\"middle\">\(line.hour)</text>\n"
            }
        }
        svg += "<text x=\"\(left + plotWidth / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\">hour of day (Europe/Prague)</text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// `value / maximum × size`, rounded down, in integers; 128-bit intermediate so no amount can overflow.
    static func scaled(_ value: Int64, maximum: Int64, to size: Int) -> Int {
        guard maximum > 0, value > 0 else { return 0 }
        let product = value.multipliedFullWidth(by: Int64(size))
        let (quotient, _) = maximum.dividingFullWidth(product)
        return Int(min(max(quotient, 0), Int64(size)))
    }

    /// XML text escaping for element content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
