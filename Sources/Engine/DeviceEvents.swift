import Devices
import TownCore

/// Device events: money events go to the flows, conditions to the service state.
extension KioskEngine {
    mutating func noteValidatorEvent(_ event: NoteValidatorEvent) {
        switch event {
        case .ready:
            context.devices.noteValidator = .ready
            for note in configuration.acceptedNotes.sorted() {
                emit(.noteValidator(.setRouting(note, toRecycler: configuration.recycledNotes.contains(note))))
            }
            emit(.noteValidator(.enable(accepting: currentlyAcceptedNotes)))
            emit(.noteValidator(.refreshLevels))
            deviceConditionChanged()
        case .noteEscrowed(let note):
            noteEscrowed(note)
        case .noteCredited(let note, let key):
            if key.mayRepeatJournaled { return possiblyRepeatedCredit(note, key: "note:\(key)") }
            credit(note, key: "note:\(key)")
        case .awaitingAcknowledgement:
            // Every record the batch's events produced was journaled before this input: the device may forget them.
            if case .halted = state { return }
            emit(.noteValidator(.acknowledgeEvents))
        case .noteReturned(let note):
            noteReturned(note)
        case .noteRejected:
            if case .payment(let session) = state, case .acceptingCash = session.step {
                notify(.noteRejected(acceptedNotes: acceptableNotes(session)))
            }
        case .payoutFinished(let id, let paid):
            notePayoutEnded(id, .finished(paid: paid), report: "\(event)")
        case .payoutInterrupted(let id, let paid, _, _):
            notePayoutEnded(id, .interrupted(paid: paid), report: "\(event)")
        case .payoutRefused(let id, _):
            notePayoutEnded(id, .refused, report: "\(event)")
        case .payoutOutcomeUnknown(let id, let knownPaid):
            notePayoutEnded(id, .unknown(knownPaid: knownPaid), report: "\(event)")
        case .payoutReportUnmatched(_, let paid, let requested):
            journal(.deviceReport(DeviceReport(device: "note validator", detail: "\(event)", transaction: nil)))
            if case .recovering = state { recoveryNotePayout(paid: paid, requested: requested) }
        case .payoutProgress:
            break
        case .itemsInBezel(let amount):
            // The recycler cannot retract notes from the bezel; the citizen is asked to take them.
            notify(.takeCash(amount))
        case .itemsTaken:
            break
        case .powerUp(let report):
            notePowerUp(report)
        case .levels(let levels):
            context.inventory.recyclerReported(levels)
            recyclerLevelsReported(levels)
            if case .idle = state { refreshService(showScreen: false) }
        case .emptiedToCashbox:
            emit(.noteValidator(.refreshLevels))
        case .commandFailed(let command, let reason):
            journal(.deviceReport(DeviceReport(device: "note validator", detail: "\(command) refused: \(reason)",
                                               transaction: nil)))
        case .fault(let fault):
            noteValidatorFault(fault)
        }
    }

    /// A credit for a note the driver never saw in escrow: the device repeating a batch that the previous
    /// kioskd may or may not have journaled. It counts only for a note being accepted; otherwise it was journaled.
    private mutating func possiblyRepeatedCredit(_ note: Denomination, key: String) {
        if case .payment(let session) = state, case .acceptingCash(let intake) = session.step, intake.escrow != .none {
            return credit(note, key: key)
        }
        if case .recovering = state, recoveryCredit(note, key: key) { return }
        journal(.deviceReport(DeviceReport(device: "note validator", detail: "repeated credit of \(note) ignored: already journaled",
                                           transaction: nil)))
    }

    /// Notes the validator should take right now (empty unless a cash intake runs).
    private var currentlyAcceptedNotes: Set<Denomination> {
        guard case .payment(let session) = state, case .acceptingCash(let intake) = session.step else { return [] }
        return intake.enabledNotes
    }

    private mutating func noteValidatorFault(_ fault: NoteValidatorFault) {
        // Whether a note being stacked may have ended anywhere (inside, at the front, or unknown).
        let escrowLost: Bool
        switch fault {
        case .cashboxReplaced:
            return
        case .unmappedCredit(let channel):
            journal(.deviceReport(DeviceReport(device: "note validator", detail: "credit on unmapped channel \(channel)",
                                               transaction: openTransaction)))
            blockUntilResolved(openTransaction, reason: "note of unknown value credited on channel \(channel); count the cashbox")
            escrowLost = false
        case .linkLost, .safeJam, .unsafeJam:
            escrowLost = true
        case .fraudAttempt, .stackerFull, .cashboxRemoved, .notePathOpen, .payoutOutOfService, .keyNotSet,
             .encryptionFailure, .datasetMismatch, .protocolError:
            escrowLost = false
        }
        context.devices.noteValidator = .faulty("\(fault)")
        deviceFailedDuringIntake(escrowLost: escrowLost)
        deviceConditionChanged()
    }

    private var openTransaction: TransactionID? {
        switch state {
        case .payment(let session): session.transaction
        case .voucher(let session): session.transaction
        case .starting, .recovering, .idle, .halted: nil
        }
    }

    /// A device the cash intake needs failed: stop taking cash and give back what was taken. A note that
    /// was being stacked when the device failed is in doubt: the transaction ends suspect.
    private mutating func deviceFailedDuringIntake(escrowLost: Bool) {
        guard case .payment(var session) = state, case .acceptingCash(var intake) = session.step else { return }
        if intake.escrow != .none && escrowLost {
            journal(.deviceReport(DeviceReport(device: "note validator", detail: "note in escrow when the device failed: \(intake.escrow)",
                                               transaction: session.transaction)))
            session.inDoubt = true
            intake.escrow = .none
            session.step = .acceptingCash(intake)
        }
        cancelPayment(session, reason: "device failure")
    }

    private mutating func deviceConditionChanged() {
        if case .idle = state { refreshService(showScreen: true) }
    }

    private mutating func notePowerUp(_ report: PowerUpReport) {
        let transaction = openTransaction
        journal(.deviceReport(DeviceReport(device: "note validator", detail: "power-up: \(report)", transaction: transaction)))
        if case .recovering = state { return recoveryPowerUp(report) }
        switch report {
        case .noteClearedIntoCashbox(let note):
            // Taken into the cashbox without a credit event: the kiosk has the money, so it is credited.
            guard let note else {
                return blockUntilResolved(transaction, reason: "a note of unknown value went to the cashbox at power-up")
            }
            context.syntheticCredits += 1
            credit(note, key: "note:power-up-\(context.syntheticCredits)")
        case .noteWasInEscrow:
            guard case .payment(var session) = state, case .acceptingCash(var intake) = session.step else {
                return blockUntilResolved(transaction, reason: "a note was in escrow at a reset and its fate is unknown")
            }
            session.inDoubt = true
            intake.escrow = .none
            session.step = .acceptingCash(intake)
            cancelPayment(session, reason: "note validator reset with a note in escrow")
        case .noteClearedFromFront, .incompletePayout, .notePaidIntoCashbox, .notePaidIntoRecycler, .noteDispensed:
            // The driver settles an open payout from these itself; the report above is for the technician.
            break
        }
    }

    // MARK: Coin bus

    mutating func coinBusEvent(_ event: CoinBusEvent) {
        switch event {
        case .ready:
            context.devices.coinBus = .ready
            // A restarted bus comes up inhibited: re-enable what an open cash intake takes.
            if case .payment(let session) = state, case .acceptingCash(let intake) = session.step, !intake.enabledCoins.isEmpty {
                emit(.coinBus(.enableCoins(intake.enabledCoins)))
            }
            emit(.coinBus(.refreshLevels))
            deviceConditionChanged()
        case .deviceResponding(let device):
            switch device {
            case .coinAcceptor: context.devices.coinBus = .ready
            case .hopper(let coin): context.inventory.hoppersBelowLow.remove(coin)
            }
            emit(.coinBus(.refreshLevels))
            deviceConditionChanged()
        case .coinCredited(let coin, let key):
            credit(coin, key: "coin:\(key.epoch).\(key.counter)")
        case .coinRejected:
            notify(.coinRejected)
        case .acceptorReset, .dispenseProgress:
            break
        case .dispenseFinished(let id, let paid, _):
            coinDispenseEnded(id, .finished(paid: paid), report: "\(event)")
        case .dispenseInterrupted(let id, let paid, _, _):
            coinDispenseEnded(id, .interrupted(paid: paid), report: "\(event)")
        case .dispenseRefused(let id, _):
            coinDispenseEnded(id, .refused, report: "\(event)")
        case .dispenseOutcomeUnknown(let id, let knownPaid):
            coinDispenseEnded(id, .unknown(knownPaid: knownPaid), report: "\(event)")
        case .hopperPowerUpAfterInterruptedPayout(let coin, let paid, let unpaid):
            journal(.deviceReport(DeviceReport(device: "hopper \(coin)", detail: "power-up after payout: paid \(paid), unpaid \(unpaid)",
                                               transaction: openTransaction)))
            if case .recovering = state { coinRecoveryEvidence(coin, paid: paid, unpaid: unpaid) }
        case .hopperStatusAtStart(let coin, let counter, let paid, let unpaid):
            hopperStatusAtStart(coin, HopperStartStatus(eventCounter: counter, lastPaid: paid, lastUnpaid: unpaid))
            journalHopperCounter(coin, counter, step: nil, transaction: nil)
        case .dispenseAccepted(let id, let coin, let counter):
            journalHopperCounter(coin, counter, step: id, transaction: openTransaction)
        case .levels(let levels):
            for (coin, level) in levels {
                if level.isBelowLowLevel == true {
                    context.inventory.hoppersBelowLow.insert(coin)
                } else {
                    context.inventory.hoppersBelowLow.remove(coin)
                }
            }
            if case .idle = state { refreshService(showScreen: false) }
        case .fault(let fault):
            coinBusFault(fault)
        }
    }

    private mutating func journalHopperCounter(_ coin: Denomination, _ counter: UInt8, step: String?, transaction: TransactionID?) {
        guard context.hopperCounters[coin] != counter || step != nil else { return }
        context.hopperCounters[coin] = counter
        journal(.hopperCounter(HopperCounter(denomination: coin, eventCounter: counter, step: step, transaction: transaction)))
    }

    private mutating func coinBusFault(_ fault: CoinBusFault) {
        switch fault {
        case .hopper(let coin, _), .notResponding(.hopper(let coin)):
            // One hopper out: the others still give change.
            context.inventory.hoppersBelowLow.insert(coin)
            journal(.deviceReport(DeviceReport(device: "hopper \(coin)", detail: "\(fault)", transaction: openTransaction)))
            return
        case .eventsLost(let count):
            blockUntilResolved(openTransaction, reason: "coin acceptor lost \(count) events; count the coins")
        case .unknownCoinPosition(let position):
            blockUntilResolved(openTransaction, reason: "coin of unknown value credited at position \(position)")
        case .acceptorAlarm, .notResponding(.coinAcceptor):
            break
        }
        context.devices.coinBus = .faulty("\(fault)")
        deviceFailedDuringIntake(escrowLost: false)
        deviceConditionChanged()
    }

    // MARK: Printer

    mutating func printerEvent(_ event: PrinterEvent) {
        switch event {
        case .ready:
            context.devices.printer = .ready
        case .condition(let condition):
            context.devices.printer = condition.canPrint ? .ready : .faulty("\(condition)")
        case .printed:
            return
        case .printFailed(let job, let failure):
            journal(.deviceReport(DeviceReport(device: "printer", detail: "job \(job) not printed: \(failure)", transaction: nil)))
            notify(.receiptNotPrinted(reference: job.rawValue))
            return
        case .fault(let fault):
            context.devices.printer = .faulty(fault.description)
        }
        deviceConditionChanged()
    }
}
