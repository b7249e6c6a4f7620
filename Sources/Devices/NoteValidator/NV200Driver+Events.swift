import DeviceProtocols
import TownCore

extension NV200Driver {
    mutating func pollReply(_ response: SSPResponse, at now: DriverTime) -> [Event] {
        nextPollAt = now + configuration.pollInterval
        guard response.isOK, let dataset else {
            return [.fault(.protocolError("POLL WITH ACK answered \(Self.describe(response))"))]
        }
        let events: [SSPPollEvent]
        do {
            events = try SSPPollEvent.decodeAll(response.payload, context: dataset.context)
        } catch {
            // Not acknowledged, so the device repeats the batch; a batch that never decodes means the
            // layouts disagree, so start over (HOST PROTOCOL VERSION first).
            pollDecodeFailures += 1
            if pollDecodeFailures >= 3 {
                pollDecodeFailures = 0
                return [.fault(.protocolError(error.description))] + beginInit(at: now)
            }
            return pollDecodeFailures == 1 ? [.fault(.protocolError(error.description))] : []
        }
        pollDecodeFailures = 0
        return process(events, at: now)
    }

    /// One POLL WITH ACK batch. Events repeated from a batch whose acknowledgement was lost are skipped;
    /// the rest are emitted, then acknowledged by the next step.
    private mutating func process(_ events: [SSPPollEvent], at now: DriverTime) -> [Event] {
        let isFirstAfterInit = firstPollSinceInit
        firstPollSinceInit = false
        var fresh = events[...]
        if let repeated = unackedBatch, events.starts(with: repeated) { fresh = events.dropFirst(repeated.count) }
        unackedBatch = nil

        var output: [Event] = []
        var faultCodes: Set<UInt8> = []
        for event in fresh {
            if let fault = fault(for: event) {
                faultCodes.insert(event.code)
                // Conditions repeat in every poll while they last: report the onset only.
                if !previousFaultCodes.contains(event.code) { output.append(.fault(fault)) }
            }
            output += apply(event)
        }
        previousFaultCodes = faultCodes
        if bezel != nil, !events.contains(where: { if case .noteHeldInBezel = $0 { true } else { false } }) {
            bezel = nil
            output.append(.itemsTaken)
        }
        let sawReset = events.contains(.slaveReset)
        if sawReset { output += resetAftermath(isFirstAfterInit: isFirstAfterInit) }
        if isFirstAfterInit { output += settleDoubtAfterInit(sawReset: sawReset) }
        if !events.isEmpty {
            unackedBatch = events
            if configuration.acknowledgeWhenJournaled {
                awaitingHostAck = true
                output.append(.awaitingAcknowledgement)
            } else {
                pendingAck = true
            }
        }
        return output
    }

    private func fault(for event: SSPPollEvent) -> NoteValidatorFault? {
        switch event {
        case .safeJam: .safeJam(escrow.note)
        case .unsafeJam: .unsafeJam(escrow.note)
        case .fraudAttempt, .payoutFraudAttempt: .fraudAttempt
        case .stackerFull: .stackerFull
        case .cashboxRemoved: .cashboxRemoved
        case .cashboxReplaced: .cashboxReplaced
        case .notePathOpen: .notePathOpen
        case .payoutOutOfService: .payoutOutOfService
        default: nil
        }
    }

    private mutating func apply(_ event: SSPPollEvent) -> [Event] {
        switch event {
        case .read(let channel):
            return channel == 0 ? [] : escrowed(channel: channel)
        case .credit(let channel):
            let sawEscrow = escrow != .none
            escrow = .none
            guard let note = dataset?.note(onChannel: channel) else { return [.fault(.unmappedCredit(channel: channel))] }
            creditSequence += 1
            return [.noteCredited(note, NoteCreditKey(session: creditSession, sequence: creditSequence,
                                                      mayRepeatJournaled: !sawEscrow && configuration.acknowledgeWhenJournaled))]
        case .rejected:
            if case .none = escrow { return [.noteRejected(.refusedByValidator)] }
            let note = escrow.note
            escrow = .none
            return [.noteReturned(note)]
        case .safeJam, .unsafeJam:
            escrow = .none
            return []
        case .noteClearedFromFront(let channel):
            escrow = .none
            return [.powerUp(.noteClearedFromFront(dataset?.note(onChannel: channel)))]
        case .noteClearedIntoCashbox(let channel):
            escrow = .none
            return [.powerUp(.noteClearedIntoCashbox(dataset?.note(onChannel: channel)))]
        case .dispensing(let amounts):
            return payoutProgressed(amounts.czkMoney)
        case .dispensed(let amounts):
            return payoutEnded(paid: amounts.czkMoney, interruption: nil)
        case .jammed(let amounts):
            return payoutEnded(paid: amounts.czkMoney, interruption: .jammed)
        case .halted(let amounts):
            return payoutEnded(paid: amounts.czkMoney, interruption: .halted)
        case .timeout(let amounts):
            return payoutEnded(paid: amounts.czkMoney, interruption: .timedOut)
        case .errorDuringPayout(let amounts, _):
            return payoutEnded(paid: amounts.czkMoney, interruption: .errorDuringPayout)
        case .payoutFraudAttempt(let amounts):
            return isPayoutOpen ? payoutEnded(paid: amounts.czkMoney, interruption: .fraudAttempt) : []
        case .incompletePayout(let partials):
            return incompletePayout(partials)
        case .notePaidIntoStackerAtPowerUp(let amount):
            return amount.czkMoney.map { [.powerUp(.notePaidIntoCashbox($0))] } ?? []
        case .notePaidIntoStoreAtPowerUp(let amount):
            return amount.czkMoney.map { [.powerUp(.notePaidIntoRecycler($0))] } ?? []
        case .noteDispensedAtPowerUp(let amount):
            return amount.czkMoney.map { [.powerUp(.noteDispensed($0))] } ?? []
        case .noteHeldInBezel(let amount):
            guard bezel == nil, let value = amount.czkMoney else { return [] }
            bezel = value
            return [.itemsInBezel(value)]
        case .smartEmptied(let amounts):
            return [.emptiedToCashbox(amounts.czkMoney)]
        case .slaveReset, .rejecting, .stacking, .stacked, .disabled, .stackerFull, .fraudAttempt, .cashboxRemoved,
             .cashboxReplaced, .notePathOpen, .noteStoredInPayout, .floating, .floated, .cashboxPaid,
             .incompleteFloat, .noteTransferredToStacker, .emptying, .emptied, .smartEmptying,
             .payoutOutOfService, .jamRecovery, .channelDisable, .initialising, .coinCredit, .coinMechError,
             .coinMechJammed, .coinMechReturnPressed:
            return []
        }
    }

    private mutating func escrowed(channel: UInt8) -> [Event] {
        let note = dataset?.note(onChannel: channel)
        switch escrow {
        case .none:
            break
        case .unconfirmed(let previous):
            // HOLD was refused (device busy) but the same note is still there: keep holding it. A different
            // note means the old one left unreported; the new one is a new escrow.
            if previous == note, note != nil {
                escrow = .held(note)
                nextHoldAt = .zero
                return []
            }
        case .held, .accepting, .returning:
            // A repeated READ for the note already held changes nothing.
            return []
        }
        guard let note else {
            escrow = .returning(nil)
            operations.insert(.reject, at: 0)
            return [.noteRejected(.unknownChannel(channel))]
        }
        escrow = .held(note)
        nextHoldAt = .zero
        return [.noteEscrowed(note)]
    }

    /// After SLAVE RESET: a note the device did not account for is in doubt; a payout it did not report on
    /// is unknown. Outside the first poll after initialisation the device lost its set-up: redo it.
    private mutating func resetAftermath(isFirstAfterInit: Bool) -> [Event] {
        var output: [Event] = []
        if let note = escrow.note {
            output.append(.powerUp(.noteWasInEscrow(note)))
        }
        escrow = .none
        // In the first poll after initialisation the reset predates our key, so a payout sent since then
        // is unaffected (a payout from before is in doubt and settled below).
        guard !isFirstAfterInit else { return output }
        if case .dispensing(let order, let paid) = payout {
            payout = .none
            unknownPayout = order
            output.append(.payoutOutcomeUnknown(payoutID: order.id, knownPaid: paid))
        }
        reinitAfterAck = true
        return output
    }

    /// The first poll after re-initialisation is where a payout in doubt is settled: its events said how
    /// it went (handled above), or the device reset before executing it (KEY NOT SET), or nobody knows.
    private mutating func settleDoubtAfterInit(sawReset: Bool) -> [Event] {
        guard case .inDoubt(let order, let knownPaid, _, let keyNotSet) = payout else { return [] }
        payout = .none
        if keyNotSet && sawReset && knownPaid == .zero {
            return [.payoutRefused(payoutID: order.id, reason: .deviceReset)]
        }
        unknownPayout = order
        return [.payoutOutcomeUnknown(payoutID: order.id, knownPaid: knownPaid)]
    }

    var isPayoutOpen: Bool {
        switch payout {
        case .dispensing, .inDoubt: true
        case .none, .queued, .awaitingReply: false
        }
    }

    private mutating func payoutProgressed(_ paid: Money) -> [Event] {
        switch payout {
        case .dispensing(let order, let known):
            payout = .dispensing(order, paid: paid)
            return paid == known ? [] : [.payoutProgress(payoutID: order.id, paid: paid)]
        case .inDoubt(let order, _, _, _):
            payout = .dispensing(order, paid: paid)
            return [.payoutProgress(payoutID: order.id, paid: paid)]
        case .none, .queued, .awaitingReply:
            return []
        }
    }

    private mutating func payoutEnded(paid: Money, interruption: PayoutInterruption?,
                                      requested deviceRequested: Money? = nil) -> [Event] {
        switch payout {
        case .dispensing(let order, _), .inDoubt(let order, _, _, _):
            payout = .none
            guard let interruption else { return [.payoutFinished(payoutID: order.id, paid: paid)] }
            return [.payoutInterrupted(payoutID: order.id, paid: paid, requested: order.amount, reason: interruption)]
        case .none, .queued, .awaitingReply:
            let named = unknownPayout
            unknownPayout = nil
            return [.payoutReportUnmatched(payoutID: named?.id, paid: paid, requested: deviceRequested ?? named?.amount)]
        }
    }

    /// INCOMPLETE PAYOUT at power-up: always reported; it settles the open payout when the requested values
    /// agree (otherwise it is about an older payout and the open one stays in doubt).
    private mutating func incompletePayout(_ partials: [SSPPartialAmount]) -> [Event] {
        var output: [Event] = []
        for partial in partials where partial.currency == .czk {
            let paid = Money(halere: Int64(partial.paid))
            let requested = Money(halere: Int64(partial.requested))
            output.append(.powerUp(.incompletePayout(paid: paid, requested: requested)))
            switch payout {
            case .dispensing(let order, _), .inDoubt(let order, _, _, _):
                if order.amount == requested { output += payoutEnded(paid: paid, interruption: .powerLoss) }
            case .none, .queued, .awaitingReply:
                if unknownPayout?.amount == requested {
                    output += payoutEnded(paid: paid, interruption: .powerLoss, requested: requested)
                }
            }
        }
        return output
    }
}
