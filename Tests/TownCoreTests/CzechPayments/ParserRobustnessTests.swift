import Testing
@testable import TownCore

/// Mutated valid inputs must give a value or a typed error, never a trap, and anything accepted must
/// survive a second round of validation.
@Suite struct ParserRobustnessTests {
    /// Deterministic generator so a failure reproduces.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let alphabet: [Character] = Array("0123456789AZaz*:%.-/ +SPDX\r\nžé٣\u{0301}😀")

    static func mutations(of seed: String, count: Int, rng: inout SplitMix) -> [String] {
        (0..<count).map { _ in
            var characters = Array(seed)
            for _ in 0...rng.next(4) {
                let position = rng.next(characters.count + 1)
                switch rng.next(3) {
                case 0 where position < characters.count: characters.remove(at: position)
                case 1 where position < characters.count: characters[position] = alphabet[rng.next(alphabet.count)]
                default: characters.insert(alphabet[rng.next(alphabet.count)], at: position)
                }
            }
            return String(characters)
        }
    }

    @Test func scannerInputNeverTraps() {
        var rng = SplitMix(state: 1)
        let seeds = ["SPD*1.0*ACC:CZ6508000000192000145399*AM:600.00*CC:CZK*DT:20250331*X-VS:1341000123", "0987654321", "+ěščř"]
        var accepted = 0
        for seed in seeds {
            for text in Self.mutations(of: seed, count: 2_000, rng: &rng) {
                guard let code = try? ScannedPaymentCode(scanned: text) else { continue }
                accepted += 1
                #expect((1...10).contains(code.variableSymbol.digits.utf8.count))
                #expect((try? VariableSymbol(code.variableSymbol.digits)) == code.variableSymbol)
                if let amount = code.amount { #expect(amount.isPositive) }
            }
        }
        #expect(accepted > 0)
    }

    @Test func accountAndIBANParsersNeverTrap() {
        var rng = SplitMix(state: 2)
        for text in Self.mutations(of: "CZ65 0800 0000 1920 0014 5399", count: 3_000, rng: &rng) {
            guard let iban = try? IBAN(text) else { continue }
            #expect(IBAN.mod97(Array((iban.electronic.dropFirst(4) + iban.electronic.prefix(4)).utf8)) == 1)
            #expect((try? IBAN(iban.printed)) == iban)
        }
        for text in Self.mutations(of: "19-2000145399/0800", count: 3_000, rng: &rng) {
            guard let account = try? CzechBankAccount(parsing: text) else { continue }
            #expect((try? CzechBankAccount(parsing: account.description)) == account)
            #expect((try? IBAN(czechAccount: account).czechAccount()) == account)
        }
    }

    @Test func documentNumbersNeverTrap() {
        var rng = SplitMix(state: 3)
        for text in Self.mutations(of: "K01-2026-000123", count: 3_000, rng: &rng) {
            guard let number = try? ReceiptNumber(parsing: text) else { continue }
            #expect((try? ReceiptNumber(parsing: number.description)) == number)
        }
        for text in Self.mutations(of: "2024-02-29", count: 3_000, rng: &rng) {
            guard let date = try? DayDate(parsing: text) else { continue }
            #expect(date.description == text)
        }
    }
}
