import Foundation

/// What the simulator says physically happened: cash per place, printed receipts, the card terminal's ledger.
struct SimGroundTruth: Sendable {
    var totals: [String: Int64] = [:]
    var pieces: [String: [String: Int64]] = [:]
    var receipts: [String] = []
    var cardCharges: Int64 = 0
    var cardReversals: Int64 = 0
    var cardNetCharged: Int64 = 0

    static func fetch(_ sim: ScenarioHTTP) async throws -> SimGroundTruth {
        let state = try await sim.json("GET", "/state")
        let receipts = try await sim.json("GET", "/receipts")
        var truth = SimGroundTruth()
        for (location, value) in state.at("ground_truth.totals")?.object ?? [:] {
            truth.totals[location] = value.integer ?? 0
        }
        for (location, value) in state.at("ground_truth.pieces")?.object ?? [:] {
            truth.pieces[location] = (value.object ?? [:]).mapValues { $0.integer ?? 0 }
        }
        if case .array(let items)? = receipts.at("receipts") { truth.receipts = items.compactMap(\.string) }
        truth.cardCharges = state.at("devices.zvt.charges")?.integer ?? 0
        truth.cardReversals = state.at("devices.zvt.reversals")?.integer ?? 0
        truth.cardNetCharged = state.at("devices.zvt.net_charged_halere")?.integer ?? 0
        return truth
    }

    /// What differs between `expected` and the change from `before` to `self`; empty when all holds.
    func mismatches(_ expected: SimExpectation, since before: SimGroundTruth, kioskdState: JSONValue?) -> [String] {
        var problems: [String] = []
        func check(_ what: String, _ change: Int64, _ wanted: Int64?) {
            if let wanted, change != wanted { problems.append("\(what) changed by \(change), expected \(wanted)") }
        }
        for location in expected.totals.keys.sorted() {
            check("\(location) total", (totals[location] ?? 0) - (before.totals[location] ?? 0), expected.totals[location])
        }
        for location in expected.pieces.keys.sorted() {
            let wanted = expected.pieces[location] ?? [:]
            for denomination in wanted.keys.sorted() {
                let now = pieces[location]?[denomination] ?? 0
                let then = before.pieces[location]?[denomination] ?? 0
                check("\(location) pieces of \(denomination)", now - then, wanted[denomination])
            }
        }
        for location in expected.totalsNow.keys.sorted() where (totals[location] ?? 0) != expected.totalsNow[location] {
            problems.append("\(location) total is \(totals[location] ?? 0), expected \(expected.totalsNow[location] ?? 0)")
        }
        for location in expected.totalsMatchState.keys.sorted() {
            guard let path = expected.totalsMatchState[location] else { continue }
            let change = (totals[location] ?? 0) - (before.totals[location] ?? 0)
            guard let reported = kioskdState?.at(path)?.integer else {
                problems.append("kioskd's state has no integer at \(path) to compare with \(location) (changed by \(change))")
                continue
            }
            if reported != change { problems.append("\(location) total changed by \(change), but kioskd's \(path) is \(reported)") }
        }
        check("receipts printed", Int64(receipts.count) - Int64(before.receipts.count), expected.receipts)
        let newReceipts = receipts.dropFirst(before.receipts.count).joined(separator: "\n")
        for text in expected.receiptContains where !newReceipts.contains(text) {
            problems.append("no receipt printed since the mark contains \"\(text)\"")
        }
        check("card charges", cardCharges - before.cardCharges, expected.cardCharges)
        check("card reversals", cardReversals - before.cardReversals, expected.cardReversals)
        check("card net charged", cardNetCharged - before.cardNetCharged, expected.cardNetCharged)
        return problems
    }
}
