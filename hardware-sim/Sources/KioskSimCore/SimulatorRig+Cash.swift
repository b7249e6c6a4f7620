import TownCore

extension SimulatorRig {
    /// The citizen drops a coin into the acceptor; counterfeit coins come back.
    public func insertCoin(halere: Int64?, genuine: Bool) throws -> SimCoinInsertOutcome {
        let coin = try Self.denomination(halere, of: .coin, for: "insert-coin")
        return try coinBus.withDevice { try $0.insertCoin(coin, genuine: genuine) }
    }

    /// The citizen offers a note to the validator; false when the validator cannot take one now (busy, disabled).
    public func insertNote(halere: Int64?, genuine: Bool) throws -> Bool {
        let note = try Self.denomination(halere, of: .note, for: "insert-note")
        return noteValidator.withDevice { $0.insertNote(note, genuine: genuine) }
    }

    /// A technician sets what a cash unit holds (pieces per denomination, in haléře keys).
    /// Coins go in hoppers or the coin cashbox, notes in the recycler or cashbox.
    public func setLevels(location: String, pieces: [String: Int]) throws {
        let place: CashLocation
        let kind: Denomination.Kind
        switch location {
        case "hopper": (place, kind) = (.hopper, .coin)
        case "coin_cashbox": (place, kind) = (.coinCashbox, .coin)
        case "recycler": (place, kind) = (.recycler, .note)
        case "cashbox": (place, kind) = (.cashbox, .note)
        default:
            throw RigError.invalid("levels: location \"\(location)\" is not settable; expected hopper, coin_cashbox, recycler or cashbox")
        }
        var parsed: [(Denomination, Int)] = []
        for (key, count) in pieces {
            guard let halere = Int64(key) else { throw RigError.invalid("levels: key \"\(key)\" is not a value in haléře") }
            guard count >= 0 else { throw RigError.invalid("levels: \(key) has \(count) pieces; expected 0 or more") }
            parsed.append((try Self.denomination(halere, of: kind, for: "levels"), count))
        }
        for (denomination, count) in parsed { try world.setLevel(count, denomination, at: place) }
    }
}
