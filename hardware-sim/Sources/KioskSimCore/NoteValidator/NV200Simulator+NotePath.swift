import DeviceProtocols
import TownCore

/// The note path: customer → escrow → (recycler | cashbox) or back to the customer, with the
/// device-specific faults the control API arms.
extension NV200Simulator {
    // MARK: Control API

    /// The customer pushes a note in: it moves customer → escrow and the device reports READ 0, then READ
    /// with its channel (or rejects it: counterfeit, disabled, inhibited, stacker full). False when the
    /// path is busy.
    @discardableResult
    public func insertNote(_ note: Denomination, genuine: Bool = true) -> Bool {
        guard case .idle = notePath, note.kind == .note else { return false }
        // The customer side may go negative; this move cannot fail.
        try? world.move(1, note, from: .customer, to: .escrow)
        events.append(.read(channel: 0))
        notePath = .reading(note, genuine: genuine, until: now + configuration.readDuration)
        return true
    }

    /// The next note being stacked jams.
    public func armStackingJam(_ kind: NV200JamKind) { stackingJam = kind }

    /// A technician opens the device and hands a safely jammed note back to the customer.
    public func clearJam() {
        guard case .jammed(let note) = notePath else { return }
        try? world.move(1, note, from: .escrow, to: .customer)
        notePath = .idle
    }

    /// Someone tampers with the note path (a note on a string, a probe in the payout path). A running
    /// payout stops and the event carries the value paid so far.
    public func fraudAttempt() {
        var paid = Money.zero
        if let run = payoutRun {
            paid = run.paid
            payoutRun = nil
        }
        events.append(.payoutFraudAttempt([.czk(UInt32(clamping: paid.halere))]))
    }

    /// While full, notes are refused after reading.
    public func setStackerFull(_ full: Bool) {
        stackerFull = full
        if full { events.append(.stackerFull) }
    }

    public func removeCashbox() { events.append(.cashboxRemoved) }
    public func replaceCashbox() { events.append(.cashboxReplaced) }

    /// The next payout jams after paying `notes` notes (JAMMED with the value paid).
    public func jamPayout(afterNotes notes: Int) { payoutJamAfterNotes = max(0, notes) }

    /// The power fails during the next payout once `notes` notes are in the tray — at an exact point,
    /// so a test does not race the dispense timing.
    public func cutPowerDuringPayout(afterNotes notes: Int) { payoutPowerCutAfterNotes = max(1, notes) }

    /// A technician fills (or empties) the recycler: the ground truth changes with it.
    public func setLevel(_ count: Int, _ note: Denomination) throws {
        try world.setLevel(count, note, at: .recycler)
    }

    /// The payout running now, if any.
    public var payoutInProgress: (requested: Money, paid: Money, notes: Int)? {
        payoutRun.map { ($0.requested, $0.paid, $0.notesPaid) }
    }

    /// True while a note is anywhere between the slot and the stacker.
    public var isNoteInPath: Bool {
        if case .idle = notePath { return false }
        return true
    }

    // MARK: Mechanics

    func advanceNotePath() {
        switch notePath {
        case .idle, .jammed:
            return
        case .reading(let note, let genuine, let until):
            guard now >= until else { return }
            if genuine, enabled, !stackerFull, isChannelEnabled(note), let channel = channel(of: note) {
                notePath = .escrow(note, holdDeadline: now + configuration.holdTimeout, delivered: false)
                events.append(.read(channel: channel))
            } else {
                startRejecting(note, code: genuine ? 0x06 : 0x01)
            }
        case .escrow(let note, let holdDeadline, _):
            if now >= holdDeadline { startRejecting(note, code: 0x0A) }
        case .stacking(let note, let started):
            if now >= started + configuration.stackDuration { finishStacking(note) }
        case .rejecting(let note, let until):
            guard now >= until else { return }
            try? world.move(1, note, from: .escrow, to: .customer)
            events.append(.rejected)
            notePath = .idle
        }
    }

    func startRejecting(_ note: Denomination, code: UInt8) {
        lastRejectCode = code
        events.append(.rejecting)
        notePath = .rejecting(note, until: now + configuration.rejectDuration)
    }

    func startStacking(_ note: Denomination) {
        events.append(.stacking)
        notePath = .stacking(note, started: now)
    }

    /// The point of no return: into the recycler when routed there and not full, else the cashbox; CREDIT.
    private func finishStacking(_ note: Denomination) {
        notePath = .idle
        if let jam = stackingJam {
            stackingJam = nil
            switch jam {
            case .safe:
                notePath = .jammed(note)
                events.append(.safeJam)
            case .unsafe:
                try? world.move(1, note, from: .escrow, to: .unknown)
                events.append(.unsafeJam)
            }
            return
        }
        let stored = configuration.notes.reduce(0) { $0 + world.count($1, at: .recycler) }
        let toRecycler = routes[note] == .payout && stored < configuration.recyclerCapacity
        try? world.move(1, note, from: .escrow, to: toRecycler ? .recycler : .cashbox)
        events.append(.credit(channel: channel(of: note) ?? 0))
        events.append(toRecycler ? .noteStoredInPayout : .stacked)
    }

    /// At power-up an NV200 clears its path: a note not yet past half of stacking goes out of the front,
    /// one further in goes into the cashbox. Either way it was never credited.
    func clearNotePathAtPowerUp() -> [SSPPollEvent] {
        let cleared: SSPPollEvent
        switch notePath {
        case .idle, .jammed:
            return []
        case .reading(let note, _, _):
            try? world.move(1, note, from: .escrow, to: .customer)
            cleared = .noteClearedFromFront(channel: 0)
        case .escrow(let note, _, _), .rejecting(let note, _):
            try? world.move(1, note, from: .escrow, to: .customer)
            cleared = .noteClearedFromFront(channel: channel(of: note) ?? 0)
        case .stacking(let note, let started):
            if now - started < configuration.stackDuration / 2 {
                try? world.move(1, note, from: .escrow, to: .customer)
                cleared = .noteClearedFromFront(channel: channel(of: note) ?? 0)
            } else {
                try? world.move(1, note, from: .escrow, to: .cashbox)
                cleared = .noteClearedIntoCashbox(channel: channel(of: note) ?? 0)
            }
        }
        notePath = .idle
        return [cleared]
    }
}
