import Engine
import ArgumentParser
import Foundation
import Reports
import TownCore

/// Pieces per denomination as typed by the cashier: `--count 20000=3` (denomination in haléře = pieces),
/// repeated; or typed in at prompts when no `--count` is given and stdin is a terminal.
struct CashCount {
    var pieces: [Denomination: Int]

    /// The pieces from `--count` options, or asked for one denomination at a time when there are none and stdin
    /// is a terminal (a script without `--count` gets a clear error instead of a hang).
    static func fromOptionsOrTerminal(_ items: [String], unit: CashUnitName, command: String, verb: String) throws -> CashCount {
        guard items.isEmpty else { return try parse(items, unit: unit) }
        guard isatty(0) == 1 else {
            throw ValidationError("\(command): expected the pieces \(verb) as --count DENOMINATION=PIECES (stdin is not a terminal to ask)")
        }
        return try prompt(unit: unit, verb: verb)
    }

    /// Parses `DENOMINATION=PIECES` items for `unit`, whose kind (notes or coins) limits the denominations.
    static func parse(_ items: [String], unit: CashUnitName) throws -> CashCount {
        var pieces: [Denomination: Int] = [:]
        for item in items {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let halere = Int64(parts[0]), let count = Int(parts[1]) else {
                throw ValidationError("--count: expected DENOMINATION=PIECES with the denomination in haléře, e.g. 20000=3 for three 200 Kč notes, found \"\(item)\"")
            }
            let denomination: Denomination
            do { denomination = try Denomination(value: Money(halere: halere)) } catch {
                throw ValidationError("--count \(item): expected a denomination in haléře (\(Self.expectedList(for: unit))), found \(halere)")
            }
            guard denomination.kind == unit.holds else {
                throw ValidationError("--count \(item): the \(unit.rawValue) holds \(unit.holds == .note ? "notes" : "coins") (\(Self.expectedList(for: unit))), found \(denomination)")
            }
            guard count >= 0, count <= 100_000 else {
                throw ValidationError("--count \(item): expected 0–100000 pieces, found \(count)")
            }
            guard pieces[denomination] == nil else {
                throw ValidationError("--count: \(denomination) (\(halere)) given twice; give each denomination once")
            }
            pieces[denomination] = count
        }
        return CashCount(pieces: pieces)
    }

    /// Asks for every denomination the unit holds; an empty answer is 0.
    static func prompt(unit: CashUnitName, verb: String) throws -> CashCount {
        print("Enter the \(verb) pieces per denomination for the \(unit.rawValue) (Enter = 0):")
        var pieces: [Denomination: Int] = [:]
        for denomination in Denomination.all.filter({ $0.kind == unit.holds }).reversed() {
            while true {
                print("  \(denomination) \(denomination.kind == .note ? "notes" : "coins"): ", terminator: "")
                guard let line = readLine() else { throw ValidationError("the count was not finished (end of input)") }
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { break }
                if let count = Int(text), (0...100_000).contains(count) {
                    if count > 0 { pieces[denomination] = count }
                    break
                }
                print("    expected a number of pieces 0–100000, found \"\(text)\"; again:")
            }
        }
        return CashCount(pieces: pieces)
    }

    var total: Money {
        // ≤ 12 denominations × 100 000 pieces × 5 000 Kč: far inside Int64.
        pieces.reduce(Money.zero) { $0 + $1.key.value * Int64($1.value) }
    }

    /// Refuses a count whose pieces do not add up to the total the cashier said (`--total`).
    func check(total expected: Int64?) throws {
        guard let expected else { return }
        guard expected == total.halere else {
            let lines = pieces.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: " + ")
            throw ValidationError("the count does not add up: \(lines.isEmpty ? "nothing" : lines) = \(ReportMoney.text(total)), but --total says \(ReportMoney.text(Money(halere: expected)))")
        }
    }

    /// `{"20000": 3}` as the control API wants it.
    var json: [String: Int] {
        Dictionary(uniqueKeysWithValues: pieces.map { (String($0.key.value.halere), $0.value) })
    }

    static func expectedList(for unit: CashUnitName) -> String {
        Denomination.all.filter { $0.kind == unit.holds }.map { String($0.value.halere) }.joined(separator: ", ")
    }
}

extension CashUnitName: ExpressibleByArgument {
    /// Notes for the recycler and cashbox, coins for hoppers and the coin cashbox.
    var holds: Denomination.Kind {
        switch self {
        case .recycler, .cashbox: .note
        case .hopper, .coinCashbox: .coin
        }
    }
}

/// Pieces per denomination from a kioskd answer (`{"20000": 3}`), smallest first.
func pieceLines(_ value: Any?) -> [(denomination: Int64, pieces: Int64)] {
    let object = value as? [String: Any] ?? [:]
    return object.compactMap { key, count in Int64(key).map { ($0, integer(count) ?? 0) } }.sorted { $0.denomination < $1.denomination }
}
