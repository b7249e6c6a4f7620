import Foundation
import Testing
import TestSupport

/// The touchscreen in a real browser: headless chromium on kioskd's `ui/`, kioskd on kiosk-sim, a citizen's
/// taps as mouse presses, checked by what the screen shows and by the simulator's ground truth.
/// Screenshots go to `$IRONCASHIER_SCREENSHOT_DIR` (default: <tmp>/ironcashier-ui-screenshots);
/// `IRONCASHIER_UPDATE_SCREENSHOTS=1` also copies the documented set to docs/screenshots/.
@Suite(.serialized) struct TouchscreenTests {
    @Test func cashPaymentWithChangeShowsTheReceiptAndChange() throws {
        // 800 Kč of notes and 20 of each coin: a 2 000 Kč note can be changed for 1 234 Kč, a 5 000 Kč note cannot.
        let kiosk = try KioskUIHarness(recycler: #"{"50000": 1, "20000": 1, "10000": 1}"#, coins: 20)
        #expect(try kiosk.text(of: "home-pay") == "Zaplatit")
        try kiosk.screenshot("01-home")

        try kiosk.tap("home-pay")
        try kiosk.waitForScreen("identify")
        try kiosk.tapKeys("vs", "13410001234")      // one digit too many: the field stops at ten
        try kiosk.tap("vs-key-del")
        try kiosk.tapKeys("vs", "3")
        #expect(try kiosk.text(of: "vs-entry") == "1341000123")
        try kiosk.screenshot("02-identify")

        try kiosk.tap("vs-submit")
        try kiosk.waitForScreen("method")
        #expect(try kiosk.text(of: "method-amount") == "1 234 Kč")
        #expect(try kiosk.text().contains("Poplatek ze psa 2026"))
        try kiosk.screenshot("03-method")

        try kiosk.tap("method-cash")
        try kiosk.waitForScreen("cashin")
        #expect(try kiosk.text(of: "cashin-remaining") == "1 234 Kč")
        #expect(try kiosk.text(of: "cashin-inserted") == "0 Kč")
        let accepted = try kiosk.text(of: "cashin-accepted")
        #expect(accepted.contains("2 000 Kč") && !accepted.contains("5 000 Kč"), "accepted notes: \(accepted)")
        #expect(try kiosk.text(of: "cashin-unchangeable").contains("5 000 Kč"))
        try kiosk.screenshot("04-cash-in")

        let trayBefore = try kiosk.simTotal("payout_tray")
        try kiosk.insertNote(200_000)
        try kiosk.waitForScreen("paid", timeout: 25)
        #expect(try kiosk.text(of: "paid-amount") == "1 234 Kč")
        #expect(try kiosk.text(of: "paid-change") == "766 Kč")
        #expect(try kiosk.text(of: "paid-receipt").hasPrefix("K01-"))
        #expect(try kiosk.text().contains("Vezměte si vrácené peníze"))
        try kiosk.screenshot("05-change-and-receipt")
        #expect(try kiosk.simTotal("payout_tray") - trayBefore == 76_600, "what the screen says is what is in the tray")

        try KioskUIHarness.expectOK(try kiosk.sim.request("POST", "/take-tray"))
        try kiosk.tap("paid-done")
        try kiosk.waitForScreen("home")
        #expect(kiosk.browser.pageExceptions.isEmpty, "\(kiosk.browser.pageExceptions)")
    }

    @Test func voucherPayoutAsksToTakeTheCash() throws {
        let kiosk = try KioskUIHarness()
        try kiosk.tap("home-payout")
        try kiosk.waitForScreen("voucher")
        try kiosk.tapKeys("voucher", "VOUCHER0")
        try kiosk.tap("voucher-key-del")
        try kiosk.tapKeys("voucher", "01")
        #expect(try kiosk.text(of: "voucher-entry") == "VOUCHER01")
        try kiosk.screenshot("06-voucher")
        try kiosk.tap("voucher-submit")
        try kiosk.waitForScreen("pin")
        try kiosk.tapKeys("pin", "4711")
        #expect(try kiosk.text(of: "pin-entry") == "••••", "the PIN is never shown")
        try kiosk.screenshot("07-voucher-pin")

        let trayBefore = try kiosk.simTotal("payout_tray")
        try kiosk.tap("pin-submit")
        try kiosk.waitForScreen("takecash", timeout: 30)
        #expect(try kiosk.text(of: "takecash-amount") == "1 535 Kč")
        #expect(try kiosk.text().contains("Vezměte si hotovost"))
        try kiosk.screenshot("08-take-cash")
        #expect(try kiosk.simTotal("payout_tray") - trayBefore == 153_500, "1 535 Kč physically in the tray")

        try KioskUIHarness.expectOK(try kiosk.sim.request("POST", "/take-tray"))
        try kiosk.tap("takecash-done")
        try kiosk.waitForScreen("home")
    }

    @Test func wrongPINShowsAnErrorAndLetsTheCitizenGoBack() throws {
        let kiosk = try KioskUIHarness()
        try kiosk.tap("home-payout")
        try kiosk.waitForScreen("voucher")
        // The scanner types the code as key presses ending in Enter.
        try kiosk.browser.typeKeys("voucher01")
        try kiosk.browser.pressEnter()
        try kiosk.waitForScreen("pin")
        #expect(try kiosk.text(of: "pin-voucher").contains("VOUCHER01"))
        try kiosk.tapKeys("pin", "1111")
        try kiosk.tap("pin-submit")
        try kiosk.browser.waitFor("the wrong-PIN dialog", "document.querySelector('[data-testid=dialog]').hidden === false")
        #expect(try kiosk.text(of: "dialog-message") == "Nesprávný PIN. Zbývají 4 pokusy.")
        try kiosk.screenshot("09-wrong-pin")

        try kiosk.tap("dialog-retry")
        try kiosk.waitForScreen("pin")
        #expect(try kiosk.text(of: "pin-entry").isEmpty && kiosk.text(of: "pin-voucher").contains("VOUCHER01"))
        try kiosk.tap("pin-back")
        try kiosk.waitForScreen("voucher")
        try kiosk.tap("voucher-back")
        try kiosk.waitForScreen("home")
        #expect(try kiosk.simTotal("payout_tray") == 0, "nothing paid out")
    }

    @Test func englishSwitchTranslatesAndIdleReturnsToCzechStart() throws {
        let kiosk = try KioskUIHarness(query: "?idle=6")
        try kiosk.tap("lang-toggle")
        try kiosk.waitForText("Pay out a voucher")
        #expect(try kiosk.text(of: "home-pay") == "Pay")
        #expect(try kiosk.browser.evaluateString("document.documentElement.lang") == "en")
        try kiosk.screenshot("10-home-en")

        try kiosk.tap("home-pay")
        try kiosk.waitForScreen("identify")
        #expect(try kiosk.text().contains("Enter the variable symbol"))
        try kiosk.tap("show-fees")
        try kiosk.waitForScreen("fees")
        #expect(try kiosk.text(of: "fee-OVERENI-PODPISU") == "Signature verification — CZK 30")
        try kiosk.tap("fee-OVERENI-PODPISU")
        try kiosk.waitForScreen("method")
        #expect(try kiosk.text(of: "method-amount") == "CZK 30")
        try kiosk.screenshot("11-method-en")
        try kiosk.tap("method-cancel")           // nothing inserted: straight back to the start
        try kiosk.waitForScreen("home")

        // Left untouched on an input screen, the kiosk returns to the Czech start screen for the next citizen.
        try kiosk.tap("home-pay")
        try kiosk.waitForScreen("identify")
        try kiosk.tapKeys("vs", "12")
        try kiosk.waitForScreen("home", timeout: 12)
        #expect(try kiosk.text(of: "home-pay") == "Zaplatit")
    }

    @Test func partOfAnObligationRestartsThePaymentForThatPart() throws {
        let kiosk = try KioskUIHarness()
        try kiosk.tap("home-pay")
        try kiosk.waitForScreen("identify")
        try kiosk.tapKeys("vs", "1341000123")
        try kiosk.tap("vs-submit")
        try kiosk.waitForScreen("method")
        try kiosk.tap("method-partial")
        try kiosk.waitForScreen("amount")
        try kiosk.tapKeys("amount", "0500")         // a leading zero is ignored
        #expect(try kiosk.text(of: "amount-entry") == "500 Kč")
        try kiosk.tap("amount-submit")
        try kiosk.browser.waitFor("the summary for 500 Kč",
                                  "document.querySelector('[data-testid=method-amount]').innerText.startsWith('500')")
        try kiosk.waitForScreen("method")
        #expect(try kiosk.text(of: "method-amount") == "500 Kč")
        #expect(try kiosk.kioskd.request("GET", "/api/state").json?["phase"] as? String == "payment.choosingMethod")
        try kiosk.tap("method-cancel")
        try kiosk.waitForScreen("home")
        #expect(kiosk.browser.pageExceptions.isEmpty, "\(kiosk.browser.pageExceptions)")
    }

    @Test func cardPaymentCancelledCashAndMixedPayment() throws {
        let kiosk = try KioskUIHarness()
        try kiosk.tap("home-pay")
        try kiosk.waitForScreen("identify")
        try kiosk.tap("show-fees")
        try kiosk.waitForScreen("fees")
        try kiosk.tap("fee-OVERENI-PODPISU")
        try kiosk.waitForScreen("method")
        try kiosk.tap("method-card")
        try kiosk.waitForScreen("paid", timeout: 20)
        #expect(try kiosk.text(of: "paid-amount") == "30 Kč")
        #expect(try kiosk.browser.evaluate("document.querySelector('[data-field=change-row]').hidden") as? Bool == true,
                "no change line for a card payment")
        try kiosk.tap("paid-done")
        try kiosk.waitForScreen("home")

        // Cash inserted, then cancelled: the screen says how much comes back, and it does.
        try kiosk.tap("home-pay")
        try kiosk.waitForScreen("identify")
        try kiosk.tapKeys("vs", "1341000123")
        try kiosk.tap("vs-submit")
        try kiosk.waitForScreen("method")
        try kiosk.tap("method-cash")
        try kiosk.waitForScreen("cashin")
        try kiosk.insertNote(50_000)
        try kiosk.browser.waitFor("500 Kč inserted", "document.querySelector('[data-testid=cashin-inserted]').innerText.startsWith('500')")
        try kiosk.tap("cashin-cancel")
        try kiosk.waitForScreen("cancelled", timeout: 20)
        #expect(try kiosk.text(of: "cancelled-given-back") == "Vráceno 500 Kč. Vezměte si peníze.")
        #expect(try kiosk.simTotal("payout_tray") == 50_000)
        try kiosk.tap("cancelled-done")
        try kiosk.waitForScreen("home")

        // Mixed: 500 Kč in cash, the rest (734 Kč) by card.
        try kiosk.tap("home-pay")
        try kiosk.waitForScreen("identify")
        try kiosk.tapKeys("vs", "1341000123")
        try kiosk.tap("vs-submit")
        try kiosk.waitForScreen("method")
        try kiosk.tap("method-mixed")
        try kiosk.waitForScreen("amount")
        try kiosk.tapKeys("amount", "500")
        try kiosk.tap("amount-submit")
        try kiosk.waitForScreen("cashin")
        #expect(try kiosk.text(of: "cashin-remaining") == "500 Kč")
        try kiosk.insertNote(50_000)
        try kiosk.waitForScreen("paid", timeout: 25)
        #expect(try kiosk.text(of: "paid-amount") == "1 234 Kč")
        #expect(kiosk.browser.pageExceptions.isEmpty, "\(kiosk.browser.pageExceptions)")
    }

    /// Offline, no hover, every button addressable: checked on the files themselves.
    @Test func uiFilesStayLocalAndTouchOnly() throws {
        let folder = URL(fileURLWithPath: KioskUIHarness.uiDirectory)
        for name in ["index.html", "app.css", "app.js", "i18n.js"] {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"),
                    "\(name) reaches only kioskd on the same origin")
            #expect(!text.contains(":hover"), "\(name) needs no hover")
            #expect(text.split(separator: "\n").count <= 500, "\(name) stays readable")
        }
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        let buttons = html.components(separatedBy: "<button").dropFirst()
        #expect(buttons.count >= 20)
        #expect(buttons.allSatisfy { $0.prefix(while: { $0 != ">" }).contains("data-testid=") }, "every button has a data-testid")
    }

    @Test func outOfServiceShowsOnlyAReference() throws {
        let kiosk = try KioskUIHarness()
        // A technician takes the kiosk out of service: the citizen sees that, never the technician's reason.
        _ = try kiosk.control("/service", json: #"{"in_service": false, "technician": "novak", "reason": "refill of the recycler"}"#)
        try kiosk.waitForScreen("oos")
        #expect(try !kiosk.text().contains("refill"))
        _ = try kiosk.control("/service", json: #"{"in_service": true, "technician": "novak"}"#)
        try kiosk.waitForScreen("home")

        // A note jams while stacking: the transaction ends in doubt, the kiosk stays out of service and the
        // citizen gets the reference to quote at the cash desk.
        try KioskUIHarness.expectOK(try kiosk.sim.request("POST", "/fault", json: #"{"device": "nv200", "fault": "stacking_jam_safe"}"#))
        try kiosk.tap("home-pay")
        try kiosk.waitForScreen("identify")
        // A scanned payment slip: the scanner types the variable symbol and Enter.
        try kiosk.browser.typeKeys("1341000123")
        try kiosk.browser.pressEnter()
        try kiosk.waitForScreen("method")
        try kiosk.tap("method-cash")
        try kiosk.waitForScreen("cashin")
        try kiosk.insertNote(200_000)
        // kioskd sends `problem` and then `outOfService` with the same reference; the page keeps the problem
        // screen (what to do with the slip) until the citizen closes it.
        try kiosk.browser.waitFor("the problem or out-of-service screen",
                                  "['problem', 'oos'].includes(document.body.dataset.screen)", timeout: 20)
        if try kiosk.browser.evaluateString("document.body.dataset.screen") == "problem" {
            #expect(try kiosk.text(of: "problem-reference") == "Referenční číslo: K01-T000001")
            #expect(try kiosk.text().contains("obraťte se na pokladnu"))
            try kiosk.screenshot("12-problem")
            try kiosk.tap("problem-done")
            try kiosk.waitForScreen("oos")
        }
        #expect(try kiosk.text(of: "oos-reference") == "Referenční číslo: K01-T000001")
        let text = try kiosk.text()
        #expect(!text.lowercased().contains("jam") && !text.contains("nv200") && !text.contains("stack"),
                "no internals on the screen: \(text)")
        try kiosk.screenshot("13-out-of-service")
    }
}
