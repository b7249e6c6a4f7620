import TownCore

extension UIError: Error {}

/// What a lookup found: the target, its outstanding amount and what this payment settles.
struct FoundPayment {
    var target: PaymentTarget
    var outstanding: Money
    var amount: Money
}

extension KioskEngine {
    // MARK: Citizen commands by phase

    mutating func citizen(_ command: CitizenCommand) {
        switch state {
        case .starting, .recovering, .halted:
            notify(.error(.outOfService))
        case .idle:
            idleCommand(command)
        case .payment(let session):
            paymentCommand(command, session)
        case .voucher:
            // A PIN check or a payout is running; neither can be stopped halfway.
            notify(.pleaseWait)
        }
    }

    private mutating func idleCommand(_ command: CitizenCommand) {
        switch command {
        case .startPayment(let lookup, let amount):
            guard serviceBlock == nil else { return notify(.error(.outOfService)) }
            startPayment(lookup, amount: amount)
        case .startVoucherPayout(let voucherID, let pin):
            guard serviceBlock == nil else { return notify(.error(.outOfService)) }
            startVoucherPayout(voucherID, pin: pin)
        case .acknowledge, .cancel:
            cancelTimer(.finishedScreen)
            refreshService(showScreen: true)
        case .chooseMethod, .finishWithInserted:
            notify(.error(.notNow))
        }
    }

    private mutating func paymentCommand(_ command: CitizenCommand, _ session: PaymentSession) {
        switch command {
        case .chooseMethod(let method):
            guard case .choosingMethod = session.step else { return notify(.error(.notNow)) }
            startTimer(.inactivity, configuration.inactivityTimeout)
            chooseMethod(method, session)
        case .finishWithInserted:
            finishWithInserted(session)
        case .cancel:
            cancelPayment(session, reason: "cancelled by the citizen")
        case .startPayment, .startVoucherPayout:
            notify(.error(.notNow))
        case .acknowledge:
            break
        }
    }

    // MARK: Identifying the payment

    mutating func startPayment(_ lookup: PaymentLookup, amount: Money?) {
        let found: FoundPayment
        switch findPayment(lookup, amount: amount) {
        case .failure(let error): return notify(.error(error))
        case .success(let payment): found = payment
        }
        let transaction = allocateTransaction()
        journal(.paymentStarted(PaymentStarted(transaction: transaction, target: found.target, amount: found.amount,
                                               outstanding: found.outstanding)))
        let session = PaymentSession(transaction: transaction, target: found.target, outstanding: found.outstanding,
                                     amount: found.amount)
        cancelTimer(.finishedScreen)
        startTimer(.inactivity, configuration.inactivityTimeout)
        showSummary(session)
        state = .payment(session)
    }

    func findPayment(_ lookup: PaymentLookup, amount: Money?) -> Result<FoundPayment, UIError> {
        let symbol: VariableSymbol
        switch lookup {
        case .variableSymbol(let text):
            guard let parsed = try? VariableSymbol(text) else { return .failure(.unreadableSymbol) }
            symbol = parsed
        case .scannedCode(let text):
            // The receivable's outstanding amount is authoritative; a slip's printed amount may be stale.
            guard let code = try? ScannedPaymentCode(scanned: text) else { return .failure(.unreadableSymbol) }
            symbol = code.variableSymbol
        case .fee(let code):
            guard let item = context.fees?.item(code: code) else { return .failure(.unknownFee) }
            guard let price = try? item.amount(entered: amount) else { return .failure(.amountNotAllowed) }
            let target = PaymentTarget(kind: .fee, id: item.code, variableSymbol: nil, description: item.nameCs,
                                       allowsPartialPayment: false)
            return .success(FoundPayment(target: target, outstanding: price, amount: price))
        }
        guard let obligation = context.obligation(for: symbol) else { return .failure(.unknownPayment) }
        guard !obligation.isSettled else { return .failure(.alreadyPaid) }
        let outstanding = obligation.outstanding
        let paying = amount ?? outstanding
        guard paying.isPositive, paying <= outstanding else { return .failure(.amountNotAllowed) }
        guard paying == outstanding || obligation.allowsPartialPayment else { return .failure(.partialPaymentNotAllowed) }
        let target = PaymentTarget(kind: .obligation, id: obligation.id, variableSymbol: obligation.variableSymbol,
                                   description: obligation.description, allowsPartialPayment: obligation.allowsPartialPayment)
        return .success(FoundPayment(target: target, outstanding: outstanding, amount: paying))
    }

    mutating func showSummary(_ session: PaymentSession) {
        let remaining = session.remaining
        var methods: [PaymentMethodOption] = [.cash]
        if context.devices.cardAvailable {
            methods.append(.card)
            if remaining > Money(crowns: 1) { methods.append(.mixed) }
        }
        show(.paymentSummary(PaymentSummary(
            description: session.target.description, variableSymbol: session.target.variableSymbol?.digits,
            amount: session.amount, remaining: remaining,
            remainingInCash: CashRounding(cashTotal: remaining).rounded, methods: methods)))
    }

    // MARK: Choosing how to pay

    mutating func chooseMethod(_ method: PaymentMethod, _ session: PaymentSession) {
        var session = session
        let remaining = session.remaining
        let rounding: CashRounding
        switch method {
        case .cash:
            rounding = CashRounding(cashTotal: remaining)
            session.cashDue += rounding.rounded
            session.cardDue = .zero
        case .card:
            guard context.devices.cardAvailable else { return notify(.error(.methodUnavailable)) }
            rounding = CashRounding(cardTotal: .zero)
            session.cardDue = remaining
        case .mixed(let cashPart):
            guard context.devices.cardAvailable else { return notify(.error(.methodUnavailable)) }
            guard cashPart.isPositive, cashPart.isWholeCrowns, cashPart < remaining else {
                return notify(.error(.amountNotAllowed))
            }
            rounding = CashRounding(cashTotal: cashPart)
            session.cashDue += cashPart
            session.cardDue = remaining - cashPart
        }
        session.rounding += rounding.difference
        journal(.methodChosen(PaymentMethodChosen(transaction: session.transaction, method: method, amount: session.amount,
                                                  cashDue: session.cashDue, cardDue: session.cardDue, rounding: rounding)))
        switch method {
        case .card: chargeCard(session)
        case .cash, .mixed: startCashIntake(session)
        }
    }

    /// Pays only what was inserted (an obligation that allows partial payment, cash only).
    mutating func finishWithInserted(_ session: PaymentSession) {
        guard case .acceptingCash(var intake) = session.step, intake.stop == nil, session.target.allowsPartialPayment,
              session.cardDue.isZero, session.netCash.isPositive, session.netCash < session.cashDue
        else { return notify(.error(.notNow)) }
        var session = session
        let paying = session.netCash
        session.amount = paying
        session.cashDue = paying
        session.rounding = .zero
        journal(.methodChosen(PaymentMethodChosen(transaction: session.transaction, method: .cash, amount: paying,
                                                  cashDue: paying, cardDue: .zero, rounding: CashRounding(cashTotal: paying))))
        intake.stop = .finishPartially
        stopAcceptors()
        session.step = .acceptingCash(intake)
        advanceCash(session)
    }
}
