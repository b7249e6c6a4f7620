import Devices
import TownCore

/// Taking cash: escrow decisions, credits at the point of no return, and moving on once enough is in.
extension KioskEngine {
    mutating func startCashIntake(_ session: PaymentSession) {
        var session = session
        session.step = .acceptingCash(CashIntake())
        advanceCash(session)
    }

    /// Enables exactly the notes the kiosk can change and the coins that cannot over-pay beyond its change.
    mutating func updateAcceptors(_ intake: inout CashIntake, _ session: PaymentSession) {
        let stillDue = session.cashDue - session.netCash
        let notes = Set(acceptableNotes(session))
        let coins = context.inventory.acceptableCoins(stillDue: stillDue, among: configuration.acceptedCoins)
        if notes != intake.enabledNotes {
            emit(.noteValidator(.enable(accepting: notes)))
            intake.enabledNotes = notes
        }
        if coins != intake.enabledCoins {
            emit(.coinBus(coins.isEmpty ? .disableCoins : .enableCoins(coins)))
            intake.enabledCoins = coins
        }
    }

    func acceptableNotes(_ session: PaymentSession) -> [Denomination] {
        context.inventory.acceptableNotes(cashDue: session.cashDue, credited: session.netCash,
                                          among: configuration.acceptedNotes)
    }

    /// Takes no more notes or coins; the recycler stays enabled so it can still pay out.
    mutating func stopAcceptors() {
        emit(.noteValidator(.enable(accepting: [])))
        emit(.coinBus(.disableCoins))
    }

    mutating func showCashProgress(_ session: PaymentSession) {
        show(.insertCash(CashProgress(
            due: session.cashDue, inserted: session.netCash, remaining: max(.zero, session.cashDue - session.netCash),
            acceptedNotes: acceptableNotes(session),
            mayFinishPartially: session.target.allowsPartialPayment && session.cardDue.isZero && session.netCash.isPositive)))
    }

    // MARK: Escrow

    mutating func noteEscrowed(_ note: Denomination) {
        guard case .payment(var session) = state, case .acceptingCash(var intake) = session.step,
              intake.stop == nil, intake.escrow == .none
        else {
            // Not taking notes now (or one is already being handled): hand it back.
            emit(.noteValidator(.returnNote))
            return
        }
        let decision = configuration.acceptedNotes.contains(note)
            ? try? EscrowDecision.decide(totalDue: session.cashDue, credited: session.netCash, escrowed: note,
                                         changeAvailable: context.inventory.changeAvailable)
            : nil
        if let decision, decision.accepts {
            // Intent before motion: after a crash, recovery knows a note may have been stacked.
            journal(.noteAccepting(NoteAccepting(transaction: session.transaction, denomination: note)))
            emit(.noteValidator(.accept))
            intake.escrow = .accepting(note)
        } else {
            emit(.noteValidator(.returnNote))
            intake.escrow = .returning(note)
            notify(.noteReturned(note, acceptedNotes: acceptableNotes(session)))
        }
        startTimer(.inactivity, configuration.inactivityTimeout)
        session.step = .acceptingCash(intake)
        state = .payment(session)
    }

    mutating func noteReturned(_ note: Denomination?) {
        guard case .payment(var session) = state, case .acceptingCash(var intake) = session.step else { return }
        if case .accepting(let held) = intake.escrow {
            // The device gave back a note we had accepted (hold timeout, jam cleared to the front).
            journal(.noteReturned(NoteReturned(transaction: session.transaction, denomination: note ?? held)))
            notify(.noteReturned(note ?? held, acceptedNotes: acceptableNotes(session)))
        }
        intake.escrow = .none
        session.step = .acceptingCash(intake)
        advanceCash(session)
    }

    // MARK: Credits

    /// A piece passed the point of no return. Journaled before anything else; a repeated key is ignored.
    mutating func credit(_ piece: Denomination, key: String) {
        guard !context.creditKeys.contains(key) else { return }
        context.creditKeys.insert(key)
        let recycled = piece.kind == .note ? configuration.recycledNotes.contains(piece)
                                           : configuration.recycledCoins.contains(piece)
        context.inventory.credited(piece, recycled: recycled)
        switch state {
        case .payment(var session):
            session.credited += piece.value
            journalCredit(piece, key: key, transaction: session.transaction, total: session.credited)
            guard case .acceptingCash(var intake) = session.step else {
                // Late (a coin in flight after acceptance stopped): settled as owed when the payment closes.
                state = .payment(session)
                return
            }
            if piece.kind == .note { intake.escrow = .none }
            session.step = .acceptingCash(intake)
            notify(.cashInserted(inserted: session.netCash, remaining: max(.zero, session.cashDue - session.netCash)))
            if intake.stop == nil { startTimer(.inactivity, configuration.inactivityTimeout) }
            advanceCash(session)
        case .starting, .recovering, .idle, .voucher:
            creditWithoutPayment(piece, key: key)
        case .halted:
            break
        }
    }

    func creditRecord(_ piece: Denomination, key: String, transaction: TransactionID, total: Money) -> EngineRecord {
        let credit = CashCredited(transaction: transaction, denomination: piece, key: key, creditedTotal: total)
        return piece.kind == .note ? .noteCredited(NoteCredited(credit: credit)) : .coinCredited(CoinCredited(credit: credit))
    }

    mutating func journalCredit(_ piece: Denomination, key: String, transaction: TransactionID, total: Money) {
        journal(creditRecord(piece, key: key, transaction: transaction, total: total))
    }

    /// Money that arrived with no payment open: credited to a transaction of its own and owed back.
    mutating func creditWithoutPayment(_ piece: Denomination, key: String) {
        let transaction = allocateTransaction()
        let reference = reference(transaction)
        journalCredit(piece, key: key, transaction: transaction, total: piece.value)
        journal(.refundOwed(RefundOwed(transaction: transaction, amount: piece.value,
                                       reason: "cash credited while no payment was open", reference: reference)))
        journal(.transactionClosed(TransactionClosed(transaction: transaction, outcome: .cancelled, reference: reference)))
        emit(.printer(.print(ReceiptComposer.refundSlip(configuration, reference: reference, owed: piece.value, day: now.today))))
        notify(.cashOwed(amount: piece.value, reference: reference))
    }

    // MARK: Moving on

    /// Re-evaluates the intake after any change: stop once enough is in, and act on a stop once no note
    /// is in escrow (a note already accepted may still be credited).
    mutating func advanceCash(_ session: PaymentSession) {
        var session = session
        guard case .acceptingCash(var intake) = session.step else {
            state = .payment(session)
            return
        }
        if intake.stop == nil && session.netCash >= session.cashDue {
            intake.stop = .paid
            stopAcceptors()
        }
        guard let stop = intake.stop else {
            updateAcceptors(&intake, session)
            session.step = .acceptingCash(intake)
            showCashProgress(session)
            state = .payment(session)
            return
        }
        session.step = .acceptingCash(intake)
        guard intake.escrow == .none else {
            state = .payment(session)
            return
        }
        switch stop {
        case .paid, .finishPartially: cashPartDone(session)
        case .cancelled(let reason): beginRefund(session, reason: reason)
        }
    }

    /// Enough cash is in: give change, then charge the card part if any, then the receipt.
    mutating func cashPartDone(_ session: PaymentSession) {
        cancelTimer(.inactivity)
        let change = session.netCash - session.cashDue
        if change.isPositive {
            startDispense(session, purpose: .change, amount: change)
        } else {
            afterCashPart(session)
        }
    }

    mutating func afterCashPart(_ session: PaymentSession) {
        if session.inDoubt {
            closeSuspect(session, reason: "change outcome unknown")
        } else if session.cardDue.isPositive && session.cardPaid == nil {
            chargeCard(session)
        } else {
            completePayment(session)
        }
    }

    /// The citizen was idle too long: whatever was inserted goes back.
    mutating func inactivityExpired() {
        guard case .payment(let session) = state else { return }
        switch session.step {
        case .choosingMethod, .acceptingCash:
            notify(.timedOut)
            cancelPayment(session, reason: "citizen inactive")
        case .dispensing, .charging:
            break
        }
    }
}
