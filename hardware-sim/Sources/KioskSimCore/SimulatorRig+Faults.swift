import TownCore

/// A device fault asked for through the control API: `{"device": "printer", "fault": "paper_out", "count": 3}`.
public struct FaultRequest: Codable, Sendable {
    public let device: String
    public let fault: String
    /// Parameter of faults that take one (after N lines, after K coins, at step N …).
    public let count: Int?
    /// Result code for card declines and similar.
    public let code: Int?
    /// The denomination a fault applies to (a hopper), in haléře.
    public let value: Int64?

    public init(device: String, fault: String, count: Int? = nil, code: Int? = nil, value: Int64? = nil) {
        self.device = device
        self.fault = fault
        self.count = count
        self.code = code
        self.value = value
    }
}

extension SimulatorRig {
    /// Every device-specific fault by device, so errors can list what is possible.
    public static let faultCatalog: [String: [String]] = [
        "nv200": ["stacking_jam_safe", "stacking_jam_unsafe", "clear_jam", "fraud_attempt", "stacker_full", "stacker_emptied",
                  "cashbox_removed", "cashbox_replaced", "payout_jam_after"],
        "printer": ["paper_out", "paper_out_after_lines", "paper_near_end", "cover_open", "cover_closed", "cutter_jam",
                    "load_paper"],
        "cctalk": ["hopper_empty_after", "hopper_jam", "clear_jam", "fraud_attempt"],
        "zvt": ["approve", "decline", "customer_cancels", "timeout", "lost_completion", "slow_cardholder", "busy", "not_busy"],
    ]

    /// Faults of the line itself, for every device: `count` replies dropped or corrupted, or `count` ms delay.
    public static let wireFaultNames = ["drop_next_response", "corrupt_byte", "delay"]

    /// Applies a fault: a wire fault (any device) or one of the device's own.
    public func applyFault(_ request: FaultRequest) throws {
        if Self.wireFaultNames.contains(request.fault) {
            let count = request.count ?? (request.fault == "delay" ? 0 : 1)
            guard count >= 0 else { throw RigError.invalid("\(request.fault): \"count\" must be 0 or more, found \(count)") }
            try setWireFaults(device: request.device) { faults in
                switch request.fault {
                case "drop_next_response": faults.dropReplies = count
                case "corrupt_byte": faults.corruptReplies = count
                default: faults.replyDelay = .milliseconds(count)
                }
            }
            return
        }
        guard let known = Self.faultCatalog[request.device] else {
            throw RigError.unknownDevice(request.device, known: Self.faultCatalog.keys.sorted())
        }
        guard known.contains(request.fault) else {
            throw RigError.unknownFault(device: request.device, fault: request.fault, known: known + Self.wireFaultNames)
        }
        switch request.device {
        case "nv200": try applyNoteValidatorFault(request)
        case "printer": try applyPrinterFault(request)
        case "cctalk": try applyCoinBusFault(request)
        case "zvt": try applyCardFault(request)
        default: throw RigError.unknownDevice(request.device, known: Self.faultCatalog.keys.sorted())
        }
    }

    private func applyPrinterFault(_ request: FaultRequest) throws {
        let lines = request.count
        if request.fault == "paper_out_after_lines", (lines ?? 0) <= 0 {
            throw RigError.invalid("paper_out_after_lines needs \"count\": the number of lines still printable (≥ 1)")
        }
        printer.withDevice { printer in
            switch request.fault {
            case "paper_out": printer.runOutOfPaper()
            case "paper_out_after_lines": printer.runOutOfPaper(afterLines: lines ?? 1)
            case "paper_near_end": printer.paperNearEnd = true
            case "cover_open": printer.coverOpen = true
            case "cover_closed": printer.coverOpen = false
            case "cutter_jam": printer.cutterJammed = true
            default: printer.loadPaper()
            }
        }
    }

    private func applyNoteValidatorFault(_ request: FaultRequest) throws {
        if request.fault == "payout_jam_after", (request.count ?? -1) < 0 {
            throw RigError.invalid("payout_jam_after needs \"count\": notes paid before the jam (≥ 0)")
        }
        noteValidator.withDevice { validator in
            switch request.fault {
            case "stacking_jam_safe": validator.armStackingJam(.safe)
            case "stacking_jam_unsafe": validator.armStackingJam(.unsafe)
            case "clear_jam": validator.clearJam()
            case "fraud_attempt": validator.fraudAttempt()
            case "stacker_full": validator.setStackerFull(true)
            case "stacker_emptied": validator.setStackerFull(false)
            case "cashbox_removed": validator.removeCashbox()
            case "cashbox_replaced": validator.replaceCashbox()
            default: validator.jamPayout(afterNotes: request.count ?? 0)
            }
        }
    }

    private func applyCoinBusFault(_ request: FaultRequest) throws {
        if request.fault == "fraud_attempt" {
            coinBus.withDevice { $0.fraudAttempt() }
            return
        }
        let coin = try Self.denomination(request.value, of: .coin, for: request.fault)
        let count = request.count ?? 0
        if request.fault != "clear_jam", count < 0 {
            throw RigError.invalid("\(request.fault) needs \"count\" ≥ 0 (coins paid before the fault), found \(count)")
        }
        coinBus.withDevice { bus in
            switch request.fault {
            case "hopper_empty_after": bus.setHopperEmptyAfter(coin, coins: count)
            case "hopper_jam": bus.jamHopper(coin, afterCoins: count)
            default: bus.clearJam(coin)
            }
        }
    }

    private func applyCardFault(_ request: FaultRequest) throws {
        let outcome: SimulatedCardOutcome?
        switch request.fault {
        case "approve": outcome = .approve
        case "decline":
            guard let code = request.code, let byte = UInt8(exactly: code), byte != 0 else {
                throw RigError.invalid("decline needs \"code\": a ZVT result code 1…255 (e.g. 113 = credit not sufficient)")
            }
            outcome = .decline(code: byte)
        case "customer_cancels": outcome = .customerCancels
        case "timeout": outcome = .neverAnswer
        case "lost_completion": outcome = .lostCompletion
        default: outcome = nil
        }
        let seconds = request.count
        if request.fault == "slow_cardholder", (seconds ?? 0) <= 0 {
            throw RigError.invalid("slow_cardholder needs \"count\": seconds the cardholder takes (≥ 1)")
        }
        cardTerminal.withDevice { terminal in
            if let outcome { terminal.nextOutcomes.append(outcome); return }
            switch request.fault {
            case "slow_cardholder": terminal.cardholderTime = .seconds(seconds ?? 1)
            case "busy": terminal.busy = true
            default: terminal.busy = false
            }
        }
    }

    /// Reads a denomination given in haléře and checks it is a coin or a note as the request needs.
    static func denomination(_ halere: Int64?, of kind: Denomination.Kind, for what: String) throws -> Denomination {
        guard let halere else {
            throw RigError.invalid("\(what) needs \"value\": the \(kind) in haléře, e.g. \(kind == .coin ? "500 for 5 Kč" : "20000 for 200 Kč")")
        }
        guard let denomination = try? Denomination(value: Money(halere: halere)), denomination.kind == kind else {
            let valid = (kind == .coin ? Denomination.coins : Denomination.notes).map { String($0.value.halere) }
            throw RigError.invalid("\(what): \(halere) is not a CZK \(kind) value in haléře; expected one of \(valid.joined(separator: ", "))")
        }
        return denomination
    }

    /// The printed receipts, oldest first, as text with Czech characters intact.
    public func printedReceipts() -> [String] {
        printer.withDevice { $0.receipts.map(\.text) }
    }
}
