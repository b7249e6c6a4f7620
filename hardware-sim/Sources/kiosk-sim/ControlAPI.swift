import Foundation
import Hummingbird
import KioskSimCore

/// The control API: JSON over HTTP on loopback, amounts in haléře. Documented in hardware-sim/README.md.
enum ControlAPI {
    static func router(rig: SimulatorRig) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("state") { _, _ in
            StateResponse(groundTruth: rig.world.snapshot(), devices: rig.deviceStatuses(), endpoints: rig.endpoints)
        }
        router.post("power-cut") { _, _ in
            rig.powerCut()
            return Done(done: "power cut and restored; devices report power-up events next")
        }
        router.post("wire-fault") { request, context in
            let body = try await request.decode(as: WireFaultRequest.self, context: context)
            try mapped {
                try rig.setWireFaults(device: body.device) { faults in
                    if let drop = body.dropReplies { faults.dropReplies = drop }
                    if let corrupt = body.corruptReplies { faults.corruptReplies = corrupt }
                    if let delay = body.delayMs { faults.replyDelay = .milliseconds(delay) }
                }
            }
            return Done(done: "wire faults set on \(body.device)")
        }
        router.post("fault") { request, context in
            let body = try await request.decode(as: FaultRequest.self, context: context)
            try mapped { try rig.applyFault(body) }
            return Done(done: "\(body.fault) set on \(body.device)")
        }
        router.post("insert-note") { request, context in
            let body = try await request.decode(as: InsertRequest.self, context: context)
            let taken = try mapped { try rig.insertNote(halere: body.value, genuine: body.genuine ?? true) }
            guard taken else {
                throw HTTPError(.conflict, message: "the validator cannot take a note now (disabled, or a note is already in the path)")
            }
            return Done(done: "note \(body.value.map(String.init) ?? "?") inserted")
        }
        router.post("insert-coin") { request, context in
            let body = try await request.decode(as: InsertRequest.self, context: context)
            let outcome = try mapped { try rig.insertCoin(halere: body.value, genuine: body.genuine ?? true) }
            return Done(done: "coin \(body.value.map(String.init) ?? "?"): \(outcome)")
        }
        router.post("take-tray") { _, _ in
            let taken = try mapped { try rig.takeTray() }
            return TakenResponse(taken: Dictionary(uniqueKeysWithValues: taken.map { (String($0.key.value.halere), $0.value) }))
        }
        router.post("levels") { request, context in
            let body = try await request.decode(as: LevelsRequest.self, context: context)
            try mapped { try rig.setLevels(location: body.location, pieces: body.pieces) }
            return Done(done: "levels set at \(body.location)")
        }
        router.get("receipts") { _, _ in ReceiptsResponse(receipts: rig.printedReceipts()) }
        return router
    }

    /// Turns the rig's typed errors into 400 responses that say what was expected.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RigError {
            throw HTTPError(.badRequest, message: error.description)
        } catch let error as PhysicalWorld.MoveError {
            throw HTTPError(.conflict, message: error.description)
        }
    }
}

struct StateResponse: ResponseEncodable {
    let groundTruth: PhysicalWorld.Snapshot
    let devices: [String: [String: String]]
    let endpoints: SimulatorEndpoints

    enum CodingKeys: String, CodingKey {
        case groundTruth = "ground_truth"
        case devices, endpoints
    }
}

struct Done: ResponseEncodable {
    let done: String
}

struct WireFaultRequest: Decodable {
    let device: String
    let dropReplies: Int?
    let corruptReplies: Int?
    let delayMs: Int64?

    enum CodingKeys: String, CodingKey {
        case device
        case dropReplies = "drop_replies"
        case corruptReplies = "corrupt_replies"
        case delayMs = "delay_ms"
    }
}

struct ReceiptsResponse: ResponseEncodable {
    let receipts: [String]
}

struct InsertRequest: Decodable {
    /// Denomination in haléře.
    let value: Int64?
    let genuine: Bool?
}

struct LevelsRequest: Decodable {
    let location: String
    /// Denomination in haléře → pieces.
    let pieces: [String: Int]
}

struct TakenResponse: ResponseEncodable {
    let taken: [String: Int]
}
