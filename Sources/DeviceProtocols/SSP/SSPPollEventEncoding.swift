extension SSPPollEvent {
    /// The event's bytes in the context's layout (the simulator's side of `decodeAll`).
    /// Refuses what the decoder would read differently: a fraud form that does not match the
    /// unit type, amounts in ERROR_DURING_PAYOUT at protocol 6, power-up/bezel values below
    /// protocol 8, more than 255 currencies.
    public func encoded(context: SSPPollContext) throws(SSPPollEncodingError) -> [UInt8] {
        var bytes: [UInt8] = [code]
        switch self {
        case .slaveReset, .rejecting, .rejected, .stacking, .stacked, .safeJam, .unsafeJam, .disabled,
             .stackerFull, .cashboxRemoved, .cashboxReplaced, .notePathOpen, .noteStoredInPayout,
             .emptying, .emptied, .payoutOutOfService, .jamRecovery, .channelDisable, .initialising,
             .coinMechJammed, .coinMechReturnPressed:
            break
        case .read(let channel), .credit(let channel), .noteClearedFromFront(let channel),
             .noteClearedIntoCashbox(let channel):
            bytes.append(channel)
        case .coinMechError(let errorCode):
            bytes.append(errorCode)
        case .fraudAttempt(let channel):
            guard !context.fraudAttemptCarriesValues else {
                throw failure("\(context.unitType) reports fraud attempts with values, not a channel")
            }
            bytes.append(channel)
        case .payoutFraudAttempt(let amounts):
            guard context.fraudAttemptCarriesValues else {
                throw failure("\(context.unitType) reports fraud attempts with a channel, not values")
            }
            try append(amounts, to: &bytes)
        case .dispensing(let amounts), .dispensed(let amounts), .jammed(let amounts), .halted(let amounts),
             .floating(let amounts), .floated(let amounts), .timeout(let amounts), .cashboxPaid(let amounts),
             .smartEmptying(let amounts), .smartEmptied(let amounts):
            try append(amounts, to: &bytes)
        case .incompletePayout(let partials), .incompleteFloat(let partials):
            guard partials.count <= 255 else { throw failure("more than 255 currencies") }
            bytes.append(UInt8(partials.count))
            for partial in partials {
                bytes.sspAppendLE32(partial.paid)
                bytes.sspAppendLE32(partial.requested)
                bytes.append(contentsOf: partial.currency.bytes)
            }
        case .notePaidIntoStackerAtPowerUp(let amount), .notePaidIntoStoreAtPowerUp(let amount),
             .noteHeldInBezel(let amount):
            guard context.protocolVersion >= 8 else {
                throw failure("its value is only defined from protocol 8, context is \(context.protocolVersion)")
            }
            amount.append(to: &bytes)
        case .noteTransferredToStacker(let amount), .noteDispensedAtPowerUp(let amount), .coinCredit(let amount):
            amount.append(to: &bytes)
        case .errorDuringPayout(let amounts, let cause):
            if context.protocolVersion >= 7 {
                try append(amounts, to: &bytes)
            } else if !amounts.isEmpty {
                throw failure("protocol \(context.protocolVersion) carries the cause byte only")
            }
            bytes.append(cause)
        }
        return bytes
    }

    private func append(_ amounts: [SSPAmount], to bytes: inout [UInt8]) throws(SSPPollEncodingError) {
        guard amounts.count <= 255 else { throw failure("more than 255 currencies") }
        bytes.append(UInt8(amounts.count))
        for amount in amounts { amount.append(to: &bytes) }
    }

    private func failure(_ reason: String) -> SSPPollEncodingError {
        SSPPollEncodingError(event: self, reason: reason)
    }
}
