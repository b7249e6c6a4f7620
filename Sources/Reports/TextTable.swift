import TownCore

/// A plain-text table with aligned columns, for terminals and the printed closing.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    /// The first column is left-aligned, the others right-aligned (numbers), unless `alignments` says otherwise.
    public init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.indices.map { $0 == 0 ? .left : .right }
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    public mutating func append(_ cells: [String]) {
        rows.append(headers.indices.map { $0 < cells.count ? cells[$0] : "" })
    }

    public func render() -> String {
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return alignments[column] == .left ? cells[column] + padding : padding + cells[column]
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// How amounts appear in reports: Czech format with haléře always shown, `1 234,00 Kč`, like the receipts.
public enum ReportMoney {
    public static func text(_ money: Money) -> String { money.czechString() }

    /// With an explicit sign, for differences and rounding: `+0,50 Kč`, `-1,00 Kč`, `0,00 Kč`.
    public static func signed(_ money: Money) -> String {
        money.isPositive ? "+" + money.czechString() : money.czechString()
    }

    /// Dot-decimal crowns for CSV (`1234.50`), which spreadsheets read without a locale.
    public static func csvCrowns(_ money: Money) -> String { money.decimalString }
}

/// RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break.
public struct CSVDocument: Sendable {
    public private(set) var rows: [[String]]

    public init(header: [String]) { rows = [header] }

    public mutating func append(_ fields: [String]) { rows.append(fields) }

    public func render() -> String {
        rows.map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" { quoted.append("\"") }
            quoted.append(character)
        }
        return quoted + "\""
    }
}
