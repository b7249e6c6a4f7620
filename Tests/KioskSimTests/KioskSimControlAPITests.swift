import Foundation
import Testing
import TestSupport

/// The control API of a real kiosk-sim process, as a technician uses it with curl.
@Suite(.serialized) struct KioskSimControlAPITests {
    @Test func reportsDevicesEndpointsAndGroundTruth() throws {
        let sim = try KioskSimProcess()
        let state = try sim.request("GET", "/state")
        #expect(state.status == 200)
        let devices = try #require(state.json?["devices"] as? [String: Any])
        #expect(Set(devices.keys).isSuperset(of: ["printer", "cctalk", "zvt"]))
        let endpoints = try #require(state.json?["endpoints"] as? [String: Any])
        #expect((endpoints["printer"] as? String)?.hasPrefix("/dev/pts/") == true)
        #expect((endpoints["cctalk"] as? String)?.hasPrefix("/dev/pts/") == true)
        #expect((endpoints["zvt_port"] as? Int ?? 0) > 0)
        #expect(state.json?["ground_truth"] != nil)
    }

    @Test func badRequestsSayWhatWasExpectedAndChangeNothing() throws {
        let sim = try KioskSimProcess()
        let before = try sim.request("GET", "/state").json?["ground_truth"] as? [String: Any]

        let notACoin = try sim.request("POST", "/insert-coin", json: #"{"value": 300}"#)
        #expect(notACoin.status == 400)
        #expect(notACoin.text.contains("not a CZK coin value"))
        #expect(notACoin.text.contains("expected one of 100, 200, 500"))

        let garbage = try sim.request("POST", "/insert-coin", json: #"{"value": "#)
        #expect(garbage.status == 400)

        let unknownDevice = try sim.request("POST", "/fault", json: #"{"device": "toaster", "fault": "jam"}"#)
        #expect(unknownDevice.status == 400)
        #expect(unknownDevice.text.contains("expected one of"))

        let unknownFault = try sim.request("POST", "/fault", json: #"{"device": "printer", "fault": "on_fire"}"#)
        #expect(unknownFault.status == 400)
        #expect(unknownFault.text.contains("paper_out"))

        let badLevels = try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"50000": 3}}"#)
        #expect(badLevels.status == 400, "a 500 Kč note does not go in a coin hopper")

        let after = try sim.request("GET", "/state").json?["ground_truth"] as? [String: Any]
        #expect(NSDictionary(dictionary: before ?? [:]).isEqual(to: after ?? [:]))
    }

    @Test func groundTruthSurvivesAKilledSimulator() throws {
        let first = try KioskSimProcess()
        #expect(try first.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {"500": 40, "2000": 25}}"#).status == 200)
        #expect(try first.request("POST", "/insert-coin", json: #"{"value": 1000}"#).status == 200)
        let before = try first.request("GET", "/state").json?["ground_truth"] as? [String: Any]
        first.kill()

        let second = try KioskSimProcess(directory: first.directory)
        let after = try second.request("GET", "/state").json?["ground_truth"] as? [String: Any]
        #expect(NSDictionary(dictionary: before ?? [:]).isEqual(to: after ?? [:]))
        let hopper = try #require((after?["pieces"] as? [String: Any])?["hopper"] as? [String: Int])
        #expect(hopper["500"] == 40)
        #expect(hopper["2000"] == 25)
    }

    @Test func powerCutAndWireFaultsAreAccepted() throws {
        let sim = try KioskSimProcess()
        #expect(try sim.request("POST", "/power-cut").status == 200)
        #expect(try sim.request("POST", "/wire-fault", json: #"{"device": "cctalk", "drop_replies": 1, "delay_ms": 5}"#).status == 200)
        #expect(try sim.request("POST", "/fault", json: #"{"device": "zvt", "fault": "decline", "code": 113}"#).status == 200)
        let missingCode = try sim.request("POST", "/fault", json: #"{"device": "zvt", "fault": "decline"}"#)
        #expect(missingCode.status == 400)
        #expect(missingCode.text.contains("result code"))
    }
}

@Suite struct KioskSimWireFaultThroughFaultEndpointTests {
    @Test func wireFaultsAreAlsoDeviceFaults() throws {
        let sim = try KioskSimProcess()
        #expect(try sim.request("POST", "/fault", json: #"{"device": "nv200", "fault": "drop_next_response"}"#).status == 200)
        #expect(try sim.request("POST", "/fault", json: #"{"device": "cctalk", "fault": "corrupt_byte", "count": 2}"#).status == 200)
        #expect(try sim.request("POST", "/fault", json: #"{"device": "printer", "fault": "delay", "count": 30}"#).status == 200)
        let unknown = try sim.request("POST", "/fault", json: #"{"device": "nv200", "fault": "explode"}"#)
        #expect(unknown.status == 400)
        #expect(unknown.text.contains("drop_next_response"))
    }
}
