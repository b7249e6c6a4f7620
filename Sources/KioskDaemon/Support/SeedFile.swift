import Engine
import Foundation
import TownCore

/// kioskd's local data until the sync agent fills it: a JSON file (by default `seed.json` in the data
/// directory) with the office, obligations, fees, approved vouchers and counted hopper contents.
///
/// ```json
/// { "office": {"name": "Městský úřad Holešov", "id": "00287172"},
///   "obligations": [{"id": "O-1", "variableSymbol": "1341000123", "description": "Poplatek ze psa 2026",
///                    "amountDue": 123400, "amountPaid": 0, "allowsPartialPayment": true}],
///   "fees": [], "vouchers": [],
///   "cash_units": [{"id": "hopper-50", "denomination": 5000, "kind": "hopper", "count": 40}] }
/// ```
/// Amounts are haléře; obligations, fees and vouchers use TownCore's own JSON forms.
public struct SeedFile: Sendable {
    public var officeName: String
    public var officeID: String
    public var updates: [DataUpdate]

    public static let defaultOfficeName = "Městský úřad"
    public static let defaultOfficeID = "00000000"

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// An absent file means no data yet (the kiosk serves nothing but vouchers it does not have: nothing).
    public static func load(path: String) throws -> SeedFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            return SeedFile(officeName: defaultOfficeName, officeID: defaultOfficeID, updates: [])
        }
        return try decode(data, source: path)
    }

    public static func decode(_ data: Data, source: String = "seed") throws -> SeedFile {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw Failure(description: "\(source): expected the seed format (office, obligations, fees, vouchers, cash_units), found: \(error)")
        }
        var updates: [DataUpdate] = []
        if let obligations = document.obligations { updates.append(.obligations(obligations)) }
        if let fees = document.fees { updates.append(.fees(try catalog(fees, source: source))) }
        if let vouchers = document.vouchers { updates.append(.vouchers(vouchers)) }
        if let units = document.cashUnits {
            do {
                updates.append(.cashUnits(try units.map { try CashUnit(id: $0.id, denomination: $0.denomination, kind: $0.kind, initialCount: $0.count) }))
            } catch {
                throw Failure(description: "\(source): cash_units: \(error)")
            }
        }
        return SeedFile(officeName: document.office?.name ?? defaultOfficeName, officeID: document.office?.id ?? defaultOfficeID,
                        updates: updates)
    }

    private static func catalog(_ items: [FeeItem], source: String) throws -> FeeCatalog {
        do { return try FeeCatalog(items) } catch { throw Failure(description: "\(source): fees: \(error)") }
    }

    private struct Document: Decodable {
        struct Office: Decodable {
            var name: String
            var id: String
        }
        struct Unit: Decodable {
            var id: String
            var denomination: Denomination
            var kind: CashUnit.Kind
            var count: Int
        }
        var office: Office?
        var obligations: [Obligation]?
        var fees: [FeeItem]?
        var vouchers: [PayoutVoucher]?
        var cashUnits: [Unit]?

        enum CodingKeys: String, CodingKey {
            case office, obligations, fees, vouchers
            case cashUnits = "cash_units"
        }
    }
}
