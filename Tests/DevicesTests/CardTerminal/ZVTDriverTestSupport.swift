import DeviceProtocols
@testable import Devices
import Testing
import TownCore

/// Terminal (PT) messages as bytes, built with the codec so the scripts read like the protocol.
enum ZVTPT {
    static let ack: [UInt8] = [0x80, 0x00, 0x00]
    static let completion: [UInt8] = [0x06, 0x0F, 0x00]
    static let functionNotPossible: [UInt8] = [0x84, 0x83, 0x00]

    static func bytes(_ message: ZVTMessage) -> [UInt8] {
        (try? message.encoded()) ?? []
    }

    static func negative(_ code: UInt8) -> [UInt8] { [0x84, code, 0x00] }

    static func intermediate(_ code: UInt8) -> [UInt8] {
        bytes(.intermediateStatus(ZVTIntermediateStatus(status: ZVTIntermediateStatusCode(rawValue: code), timeoutSeconds: 60)))
    }

    static func statusInformation(result: UInt8?, amount: Int64?, trace: UInt32?, receipt: UInt16? = nil,
                                  extra: [ZVTBMPField] = []) -> [UInt8] {
        var fields: [ZVTBMPField] = []
        if let result { fields.append(.resultCode(ZVTResultCode(rawValue: result))) }
        if let amount { fields.append(.amount(amount)) }
        if let trace { fields.append(.traceNumber(trace)) }
        if let receipt { fields.append(.receiptNumber(receipt)) }
        return bytes(.statusInformation(ZVTStatusInformation(fields: fields + extra)))
    }

    static func printLine(_ text: String, last: Bool = false) -> [UInt8] {
        bytes(.printLine(ZVTPrintLine(attribute: last ? 0x81 : 0x00, text: Array(text.utf8))))
    }

    static func abort(_ code: UInt8) -> [UInt8] {
        bytes(.terminalAbort(ZVTTerminalAbort(resultCode: ZVTResultCode(rawValue: code))))
    }

    static func enquiryCompletion(status: UInt8) -> [UInt8] {
        bytes(.completion(ZVTCompletion(softwareVersion: Array("ZVTPT 2.1".utf8), terminalStatus: status)))
    }
}

/// ECR frames the driver is expected to send (kiosk defaults: password 000000, CZK).
enum ZVTECR {
    static let registration: [UInt8] = [0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x3E, 0x02, 0x03, 0x03, 0x01]
    static let statusEnquiry: [UInt8] = [0x05, 0x01, 0x03, 0x00, 0x00, 0x00]
    static let repeatReceipt: [UInt8] = [0x06, 0x20, 0x03, 0x00, 0x00, 0x00]
    static let abort: [UInt8] = [0x06, 0xB0, 0x00]
    static let endOfDay: [UInt8] = [0x06, 0x50, 0x03, 0x00, 0x00, 0x00]

    /// protocols.md §5.1 [C]: auth 150.00 CZK, without the serial framing.
    static let authorization150: [UInt8] = [0x06, 0x01, 0x0A, 0x04, 0x00, 0x00, 0x00, 0x01, 0x50, 0x00, 0x49, 0x02, 0x03]

    static func authorization(halere: Int64) -> [UInt8] {
        ZVTPT.bytes(.authorization(ZVTAuthorization(amount: halere, currency: .czk)))
    }
}

/// Drives the pure machine exactly as `DriverRunner` would, with a hand-moved clock, feeding the
/// terminal's bytes one at a time. Records every frame the driver writes and every event it emits.
struct ZVTDriverScript {
    var driver: ZVTTerminalDriver
    var now: Duration = .zero
    var events: [CardTerminalEvent] = []
    /// Frames written by `.exchange` and `.send`, in order.
    var written: [[UInt8]] = []
    /// The step the runner is now performing (never `.send`: those are written immediately).
    var step: DriverStep = .idle(.zero)

    init(_ configuration: ZVTTerminalConfiguration = ZVTTerminalConfiguration()) throws {
        driver = try ZVTTerminalDriver(configuration: configuration)
    }

    /// Every `pay` outcome event so far.
    var paymentOutcomes: [CardTerminalEvent] {
        events.filter {
            switch $0 {
            case .approved, .declined, .outcomeUnknown: return true
            default: return false
            }
        }
    }

    var authorizationsWritten: Int { written.filter { $0.starts(with: [0x06, 0x01]) }.count }

    mutating func start() {
        events += driver.start(at: now)
        pull()
    }

    mutating func command(_ command: CardTerminalCommand) {
        events += driver.handle(command, at: now)
        // A runner that is idle wakes for the command and asks for the next step.
        if case .idle = step { pull() }
    }

    /// The terminal sends `bytes`; the driver reads them one byte per read.
    mutating func terminalSays(_ bytes: [UInt8]) {
        for byte in bytes {
            let reaction = driver.received([byte], at: now)
            events += reaction.events
            if reaction.replyComplete { pull() }
        }
    }

    /// Time passes with nothing from the terminal until `until` (whole steps, so it may overshoot a little).
    mutating func silence(until time: Duration) {
        while now < time {
            switch step {
            case .receive(let timeout), .exchange(_, let timeout):
                now += max(timeout, .milliseconds(1))
                events += driver.timedOut(at: now)
            case .idle(let duration):
                now += max(duration, .milliseconds(1))
            case .send:
                break
            }
            pull()
        }
    }

    mutating func silence(for duration: Duration) { silence(until: now + duration) }

    /// Asks for steps the way the runner does: sends are written at once, the first other step is kept.
    private mutating func pull() {
        while true {
            let next = driver.nextStep(at: now)
            switch next {
            case .send(let bytes):
                written.append(bytes)
            case .exchange(let frame, _):
                written.append(frame)
                step = next
                return
            case .receive, .idle:
                step = next
                return
            }
        }
    }

    /// Registration, then the baseline probe answered with a last transaction of trace `lastTrace`.
    mutating func becomeReady(lastTrace: UInt32 = 41, sourceLocation: SourceLocation = #_sourceLocation) {
        start()
        #expect(step == .exchange(frame: ZVTECR.registration, timeout: .milliseconds(500)), sourceLocation: sourceLocation)
        terminalSays(ZVTPT.ack + ZVTPT.completion)
        #expect(step == .exchange(frame: ZVTECR.repeatReceipt, timeout: .milliseconds(500)), sourceLocation: sourceLocation)
        terminalSays(ZVTPT.ack + ZVTPT.statusInformation(result: 0x00, amount: 5_000, trace: lastTrace, receipt: 7)
                     + ZVTPT.printLine("COPY", last: true) + ZVTPT.completion)
        #expect(events.last == .ready, sourceLocation: sourceLocation)
        events.removeAll()
        written.removeAll()
    }
}

extension CardTerminalEvent {
    var failureReason: CardFailure.Reason? {
        switch self {
        case .declined(let decline): return decline.failure.reason
        case .reversalFailed(_, let failure), .endOfDayFailed(let failure): return failure.reason
        default: return nil
        }
    }
}
