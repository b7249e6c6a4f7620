import Foundation
import Testing
import TestSupport

/// One kiosk for one browser test: kiosk-sim stocked with cash, kioskd serving the repository's `ui/`, and
/// headless chromium showing it at kiosk size. Everything ends when the value goes away.
final class KioskUIHarness: @unchecked Sendable {
    /// The repository root, from this file's real location (the test folder may be reached through a symlink).
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let uiDirectory = repository.appendingPathComponent("ui").path

    /// Where screenshots go: `$IRONCASHIER_SCREENSHOT_DIR`, else a fixed folder under the temporary directory.
    static let screenshotDirectory: String = ProcessInfo.processInfo.environment["IRONCASHIER_SCREENSHOT_DIR"]
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("ironcashier-ui-screenshots").path

    /// The dog-fee obligation (VS 1341000123, 1 234 Kč), voucher VOUCHER01 (1 535 Kč, PBKDF2 verifier of PIN 4711),
    /// two fees for the catalogue screen, and `coins` of each coin counted in the hoppers.
    static func seedJSON(coins: Int) -> String {
        let hoppers = [(1, 100), (2, 200), (5, 500), (10, 1000), (20, 2000), (50, 5000)].map { crowns, halere in
            #"{"id": "H\#(crowns)", "denomination": \#(halere), "kind": "hopper", "count": \#(coins)}"#
        }
        return """
        {
          "office": {"name": "Městský úřad Holešov", "id": "00287172"},
          "obligations": [{"id": "OBL-1", "variableSymbol": "1341000123", "description": "Poplatek ze psa 2026",
                           "amountDue": 123400, "amountPaid": 0, "allowsPartialPayment": true}],
          "fees": [
            {"code": "OVERENI-PODPISU", "nameCs": "Ověření podpisu", "nameEn": "Signature verification",
             "pricing": {"kind": "fixed", "amount": 3000}},
            {"code": "KOPIE", "nameCs": "Kopie dokumentu", "nameEn": "Copy of a document",
             "pricing": {"kind": "entered", "minimum": 500, "maximum": 50000}}
          ],
          "vouchers": [\(TestTown.voucher01JSON)],
          "cash_units": [\(hoppers.joined(separator: ", "))]
        }
        """
    }

    /// Cash that can change any note for the seeded payments.
    static let plentyOfNotes = #"{"100000": 5, "50000": 10, "20000": 10, "10000": 10}"#

    let sim: KioskSimProcess
    let kioskd: KioskdProcess
    let browser: HeadlessChromium

    /// Starts everything and shows the start screen: `recycler` is the notes inside (JSON pieces by value),
    /// `coins` the count of each coin; `query` is added to the page URL (e.g. `?idle=2`).
    init(recycler: String = plentyOfNotes, coins: Int = 50, query: String = "") throws {
        let sim = try KioskSimProcess()
        self.sim = sim
        try Self.expectOK(try sim.request("POST", "/levels", json: #"{"location": "recycler", "pieces": \#(recycler)}"#))
        let hopper = [100, 200, 500, 1000, 2000, 5000].map { #""\#($0)": \#(coins)"# }.joined(separator: ", ")
        try Self.expectOK(try sim.request("POST", "/levels", json: #"{"location": "hopper", "pieces": {\#(hopper)}}"#))
        let kioskd = try KioskdProcess(sim: sim, seedJSON: Self.seedJSON(coins: coins), uiDirectory: Self.uiDirectory)
        self.kioskd = kioskd
        try Self.waitUntil("kioskd in service", limit: 20) {
            let state = try? kioskd.request("GET", "/api/state", timeout: 2).json
            return state?["in_service"] as? Bool == true && state?["phase"] as? String == "idle"
        }
        browser = try HeadlessChromium()
        try browser.navigate(to: "http://127.0.0.1:\(kioskd.uiPort)/\(query)")
        try waitForScreen("home")
    }

    static func expectOK(_ answer: HTTPAnswer) throws {
        guard (200..<300).contains(answer.status) else {
            throw KioskdProcess.Failure(description: "kiosk-sim answered \(answer.status): \(answer.text)")
        }
    }

    static func waitUntil(_ what: String, limit: TimeInterval, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            if condition() { return }
            usleep(100_000)
        }
        throw KioskdProcess.Failure(description: "timed out after \(Int(limit)) s waiting for \(what)")
    }

    // MARK: The screen

    /// Waits until the UI shows the screen `name` (index.html's data-view), with kioskd's log on failure.
    func waitForScreen(_ name: String, timeout: TimeInterval = 15) throws {
        do {
            try browser.waitFor("screen \(name)", "document.body.dataset.screen === '\(name)'", timeout: timeout)
        } catch {
            throw KioskdProcess.Failure(description: "\(error)\n--- kioskd log ---\n\(kioskd.logText.suffix(2_500))")
        }
    }

    func waitForText(_ text: String, timeout: TimeInterval = 10) throws {
        let quoted = text.replacingOccurrences(of: "'", with: "\\'")
        try browser.waitFor("text “\(text)”",
                            "document.body.innerText.replace(/[\\u00a0\\u202f]/g, ' ').includes('\(quoted)')", timeout: timeout)
    }

    func text() throws -> String { try browser.visibleText() }

    /// Text of the visible element with this test id (non-breaking spaces made plain).
    func text(of testID: String) throws -> String {
        try browser.evaluateString("""
            ([...document.querySelectorAll('[data-testid="\(testID)"]')].find((e) => e.getClientRects().length > 0)
              ?.innerText ?? '').replace(/[\\u00a0\\u202f]/g, ' ')
            """)
    }

    /// Visible buttons smaller than 48 × 48 px (should be none on any screen).
    func undersizedButtons() throws -> [String] {
        let found = try browser.evaluate("""
            [...document.querySelectorAll('button')].filter((b) => b.getClientRects().length > 0)
              .filter((b) => { const r = b.getBoundingClientRect(); return r.width < 48 || r.height < 48; })
              .map((b) => b.dataset.testid || b.textContent)
            """)
        return found as? [String] ?? []
    }

    /// Saves a screenshot `<directory>/<name>.png` (and, with `IRONCASHIER_UPDATE_SCREENSHOTS=1`, into
    /// docs/screenshots/ — only on request, so ordinary runs leave the repository untouched); checks the
    /// screen's touch targets while at it.
    func screenshot(_ shot: String) throws {
        try browser.screenshot(to: "\(Self.screenshotDirectory)/\(shot).png")
        if ProcessInfo.processInfo.environment["IRONCASHIER_UPDATE_SCREENSHOTS"] == "1" {
            try browser.screenshot(to: Self.repository.appendingPathComponent("docs/screenshots/\(shot).png").path)
        }
        let small = try undersizedButtons()
        #expect(small.isEmpty, "buttons under 48 px on \(shot): \(small)")
    }

    /// Taps the keys of an on-screen keypad (`vs`, `pin`, `amount`, `voucher`) for each character.
    func tapKeys(_ pad: String, _ characters: String) throws {
        try browser.click(testIDs: characters.map { "\(pad)-key-\($0)" })
    }

    /// Taps like a citizen who waits until the previous request was answered (the page ignores a request
    /// button while one is on its way, as a double tap must not send it twice).
    func tap(_ testID: String) throws {
        try browser.waitFor("the page to finish its request", "document.body.dataset.busy !== 'true'")
        try browser.click(testID: testID)
    }

    // MARK: The simulator and the control socket

    /// Offers a note until the validator takes it (it refuses with 409 until kioskd has enabled it).
    func insertNote(_ value: Int) throws {
        try Self.waitUntil("the validator to take a \(value / 100) Kč note", limit: 10) {
            (try? sim.request("POST", "/insert-note", json: #"{"value": \#(value)}"#).status) == 200
        }
    }

    func simTotal(_ place: String) throws -> Int64 {
        let state = try sim.request("GET", "/state").json
        let totals = (state?["ground_truth"] as? [String: Any])?["totals"] as? [String: Any]
        return (totals?[place] as? NSNumber)?.int64Value ?? 0
    }

    /// POST to kioskd's control socket (as a technician's kioskctl would), through curl.
    func control(_ path: String, json: String) throws -> String {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "--max-time", "10", "--unix-socket", kioskd.directory.path("control.sock"),
                          "-X", "POST", "http://kioskd\(path)", "-d", json]
        let output = Pipe()
        curl.standardOutput = output
        try curl.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        guard curl.terminationStatus == 0 else {
            throw KioskdProcess.Failure(description: "curl --unix-socket \(path) failed with status \(curl.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
