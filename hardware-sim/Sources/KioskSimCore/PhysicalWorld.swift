import Foundation
import TownCore

/// Where a physical note or coin can be. The simulator's ground truth: the crash and sync tests compare
/// the kiosk's journal against this, never against the kiosk's own idea of its cash.
public enum CashLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// In the citizen's hand (inserted cash leaves here; taken cash returns here).
    case customer
    /// In the validator's escrow position, not yet stacked: still the citizen's money.
    case escrow
    /// Inside the note recycler, payable.
    case recycler
    /// The note cashbox (stacker), not payable.
    case cashbox
    /// Inside the coin hopper of its denomination, payable.
    case hopper
    /// The coin cashbox behind the acceptor.
    case coinCashbox
    /// In the payout tray or note bezel, not yet taken.
    case payoutTray
    /// Lost track of (an unsafe jam): counted so nothing vanishes from the totals.
    case unknown

    public var description: String {
        switch self {
        case .customer: "customer"
        case .escrow: "escrow"
        case .recycler: "recycler"
        case .cashbox: "cashbox"
        case .hopper: "hopper"
        case .coinCashbox: "coin_cashbox"
        case .payoutTray: "payout_tray"
        case .unknown: "unknown"
        }
    }
}

/// Counts of pieces per location and denomination, persisted on every change so a simulated power cut
/// (or a killed simulator) keeps them. The customer's count goes negative as they insert cash: the sum
/// over all locations of each denomination never changes, which is what makes it ground truth.
public final class PhysicalWorld: @unchecked Sendable {
    public struct Snapshot: Codable, Equatable, Sendable {
        /// location → denomination value in haléře → pieces
        public var pieces: [String: [String: Int]]
        /// Total value per location, in haléře.
        public var totals: [String: Int64]
    }

    public struct MoveError: Error, CustomStringConvertible {
        public let description: String
    }

    // Safety: all state behind `lock`.
    private let lock = NSLock()
    private var counts: [CashLocation: [Denomination: Int]] = [:]
    private let file: URL?

    /// Loads the world from `file` when it exists; otherwise starts empty.
    public init(file: URL?) throws {
        self.file = file
        if let file, FileManager.default.fileExists(atPath: file.path) {
            let stored = try JSONDecoder().decode(Stored.self, from: Data(contentsOf: file))
            counts = stored.counts
        }
    }

    public func count(_ denomination: Denomination, at location: CashLocation) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[location]?[denomination] ?? 0
    }

    public func total(at location: CashLocation) -> Money {
        lock.lock()
        defer { lock.unlock() }
        return Self.value(of: counts[location] ?? [:])
    }

    /// Moves `pieces` of `denomination` from one place to another. Only the customer may go below zero.
    public func move(_ pieces: Int, _ denomination: Denomination, from source: CashLocation, to destination: CashLocation) throws {
        guard pieces > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let available = counts[source]?[denomination] ?? 0
        guard source == .customer || available >= pieces else {
            throw MoveError(description: "cannot move \(pieces) × \(denomination) from \(source): only \(available) there")
        }
        counts[source, default: [:]][denomination, default: 0] -= pieces
        counts[destination, default: [:]][denomination, default: 0] += pieces
        try persistLocked()
    }

    /// Sets the contents of a location (a technician filling the recycler or hoppers); the difference comes
    /// from or goes to the customer side so the totals stay conserved.
    public func setLevel(_ pieces: Int, _ denomination: Denomination, at location: CashLocation) throws {
        lock.lock()
        defer { lock.unlock() }
        let current = counts[location]?[denomination] ?? 0
        counts[location, default: [:]][denomination] = pieces
        counts[.customer, default: [:]][denomination, default: 0] -= pieces - current
        try persistLocked()
    }

    /// Moves everything at `source` to `destination` (the customer empties the payout tray); returns what moved.
    @discardableResult
    public func moveAll(from source: CashLocation, to destination: CashLocation) throws -> [Denomination: Int] {
        lock.lock()
        defer { lock.unlock() }
        let moved = (counts[source] ?? [:]).filter { $0.value > 0 }
        for (denomination, pieces) in moved {
            counts[source, default: [:]][denomination, default: 0] -= pieces
            counts[destination, default: [:]][denomination, default: 0] += pieces
        }
        if !moved.isEmpty { try persistLocked() }
        return moved
    }

    public func snapshot() -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        var pieces: [String: [String: Int]] = [:]
        var totals: [String: Int64] = [:]
        for (location, byDenomination) in counts {
            pieces[location.description] = Dictionary(uniqueKeysWithValues: byDenomination.filter { $0.value != 0 }
                .map { (String($0.key.value.halere), $0.value) })
            totals[location.description] = Self.value(of: byDenomination).halere
        }
        return Snapshot(pieces: pieces, totals: totals)
    }

    private static func value(of pieces: [Denomination: Int]) -> Money {
        pieces.reduce(Money.zero) { $0 + $1.key.value * Int64($1.value) }
    }

    private struct Stored: Codable {
        var counts: [CashLocation: [Denomination: Int]]
    }

    /// Write-then-rename, so a kill mid-write leaves the previous state rather than half a file.
    private func persistLocked() throws {
        guard let file else { return }
        let data = try JSONEncoder().encode(Stored(counts: counts))
        try data.write(to: file, options: .atomic)
    }
}
