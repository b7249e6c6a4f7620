import Devices
import Engine

/// The last condition each device reported, in words, for the control API's status.
struct DeviceStateBook: Sendable {
    private(set) var states: [String: String] = [
        "nv200": "starting", "cctalk": "starting", "printer": "starting", "card_terminal": "starting",
    ]

    mutating func observe(_ input: EngineInput) {
        switch input {
        case .noteValidator(let event):
            switch event {
            case .ready: states["nv200"] = "ready"
            case .fault(let fault): states["nv200"] = "fault: \(fault)"
            case .powerUp: states["nv200"] = "powered up"
            default: break
            }
        case .coinBus(let event):
            switch event {
            case .ready: states["cctalk"] = "ready"
            case .fault(let fault): states["cctalk"] = "fault: \(fault)"
            default: break
            }
        case .printer(let event):
            switch event {
            case .ready: states["printer"] = "ready"
            case .condition(let condition): states["printer"] = "\(condition)"
            case .fault(let fault): states["printer"] = "fault: \(fault)"
            default: break
            }
        case .cardTerminal(let event):
            switch event {
            case .ready: states["card_terminal"] = "ready"
            case .fault(let fault): states["card_terminal"] = "fault: \(fault)"
            default: break
            }
        case .boot, .citizen, .pinChecked, .voucherClaimed, .timerFired, .data, .technician, .journalFailed: break
        }
    }
}
