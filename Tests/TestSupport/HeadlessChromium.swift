import Foundation
import Glibc

/// Debian's chromium, headless, driven over the DevTools protocol (`ChromiumPipe`) the way a citizen drives the
/// kiosk: real mouse presses at an element's centre, real key events, what the screen shows, PNG screenshots.
/// Elements are found by `data-testid`. One page, portrait kiosk size; the browser ends with the value.
public final class HeadlessChromium: @unchecked Sendable {
    public static let defaultExecutable = "/usr/bin/chromium"

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public let width: Int
    public let height: Int
    private let pipe: ChromiumPipe
    private let profile: TemporaryDirectory
    private let session: String

    /// Starts chromium headless with a fresh profile and attaches to its page.
    public init(executable: String = defaultExecutable, width: Int = 1080, height: Int = 1920) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "chromium not found at \(executable); `make deps` installs it")
        }
        self.width = width
        self.height = height
        profile = try TemporaryDirectory()
        let arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
            "--window-size=\(width),\(height)", "--force-device-scale-factor=1", "--hide-scrollbars",
            "--user-data-dir=\(profile.path("profile"))", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-translate",
            "--disable-features=Translate,MediaRouter,OptimizationHints", "--mute-audio", "--lang=cs-CZ",
            "about:blank",
        ]
        pipe = try ChromiumPipe(executable: executable, arguments: arguments, logPath: profile.path("chromium.log"))
        do {
            session = try Self.attachToPage(pipe)
            for domain in ["Page.enable", "Runtime.enable"] { _ = try pipe.send(domain, session: session) }
            _ = try pipe.send("Emulation.setDeviceMetricsOverride",
                              ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false], session: session)
        } catch {
            pipe.stop()
            throw error
        }
    }

    deinit { pipe.stop() }

    /// Closes the browser now (also done when the value goes away).
    public func close() { pipe.stop() }

    /// The page target chromium opened for `about:blank` (it may take a moment to appear); flat session mode.
    private static func attachToPage(_ pipe: ChromiumPipe) throws -> String {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let targets = try pipe.send("Target.getTargets")["targetInfos"] as? [[String: Any]] ?? []
            if let page = targets.first(where: { $0["type"] as? String == "page" }), let id = page["targetId"] as? String {
                let attached = try pipe.send("Target.attachToTarget", ["targetId": id, "flatten": true])
                guard let session = attached["sessionId"] as? String else {
                    throw Failure(description: "Target.attachToTarget gave no sessionId: \(attached)")
                }
                return session
            }
            usleep(50_000)
        }
        throw Failure(description: "chromium opened no page within 10 s\n\(pipe.logTail)")
    }

    private func command(_ method: String, _ params: [String: Any] = [:], timeout: TimeInterval = 10) throws -> [String: Any] {
        try pipe.send(method, params, session: session, timeout: timeout)
    }

    /// Uncaught exceptions the page threw so far.
    public var pageExceptions: [String] { pipe.pageExceptions }

    // MARK: Page

    /// Loads `url` and waits until the document has loaded.
    public func navigate(to url: String) throws {
        let result = try command("Page.navigate", ["url": url])
        if let error = result["errorText"] as? String, !error.isEmpty {
            throw Failure(description: "loading \(url) failed: \(error)")
        }
        try waitFor("\(url) loaded", "document.readyState === 'complete'")
    }

    /// Evaluates `expression` in the page (promises awaited) and returns its JSON value (nil for undefined).
    @discardableResult
    public func evaluate(_ expression: String) throws -> Any? {
        let result = try command("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let details = result["exceptionDetails"] as? [String: Any] {
            let exception = (details["exception"] as? [String: Any])?["description"] ?? details["text"] ?? details
            throw Failure(description: "page threw evaluating `\(expression.prefix(200))`: \(exception)")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    public func evaluateString(_ expression: String) throws -> String {
        let value = try evaluate(expression)
        return value.map { "\($0)" } ?? ""
    }

    /// What the page shows, as one string, non-breaking spaces made plain (so "1 234 Kč" matches).
    public func visibleText() throws -> String {
        try evaluateString("document.body.innerText")
            .replacingOccurrences(of: "\u{00A0}", with: " ")
            .replacingOccurrences(of: "\u{202F}", with: " ")
    }

    /// Polls `condition` (a JS expression) until it is true; the timeout error says what the screen showed.
    public func waitFor(_ what: String, _ condition: String, timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? evaluate("Boolean(\(condition))")) as? Bool == true { return }
            usleep(100_000)
        }
        let text = (try? visibleText()) ?? "?"
        throw Failure(description: "timed out after \(Int(timeout)) s waiting for \(what); the page shows:\n\(text.prefix(1_500))"
                      + (pageExceptions.isEmpty ? "" : "\npage exceptions: \(pageExceptions)"))
    }

    // MARK: Input

    /// Presses and releases the left mouse button at the centre of the visible element with this `data-testid`;
    /// fails when it is missing, hidden, disabled or covered by something else.
    public func click(testID: String) throws {
        let probe = """
            (() => {
              const el = [...document.querySelectorAll('[data-testid="\(testID)"]')]
                .find((e) => e.getClientRects().length > 0);
              if (!el) return { error: 'no visible element with data-testid \(testID)' };
              if (el.disabled) return { error: '\(testID) is disabled' };
              el.scrollIntoView({ block: 'nearest' });
              const r = el.getBoundingClientRect();
              const x = r.left + r.width / 2, y = r.top + r.height / 2;
              const hit = document.elementFromPoint(x, y);
              if (!hit || !(hit === el || el.contains(hit))) {
                return { error: '\(testID) is covered by ' + (hit ? hit.outerHTML.slice(0, 120) : 'nothing') };
              }
              return { x, y };
            })()
            """
        guard let found = try evaluate(probe) as? [String: Any] else {
            throw Failure(description: "click \(testID): the page gave no answer")
        }
        if let error = found["error"] as? String { throw Failure(description: "click \(testID): \(error)") }
        guard let x = (found["x"] as? NSNumber)?.doubleValue, let y = (found["y"] as? NSNumber)?.doubleValue else {
            throw Failure(description: "click \(testID): no coordinates in \(found)")
        }
        _ = try command("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": x, "y": y])
        for type in ["mousePressed", "mouseReleased"] {
            _ = try command("Input.dispatchMouseEvent", ["type": type, "x": x, "y": y, "button": "left", "clickCount": 1])
        }
    }

    /// Clicks each test id in turn, e.g. the keys of a keypad.
    public func click(testIDs: [String]) throws {
        for id in testIDs { try click(testID: id) }
    }

    /// Inserts text into the focused element as an IME would (one `input` event, no key events).
    public func insertText(_ text: String) throws {
        _ = try command("Input.insertText", ["text": text])
    }

    /// Types `text` key by key (keydown, keypress, keyup), as a keyboard-wedge barcode scanner does.
    public func typeKeys(_ text: String) throws {
        for character in text {
            let key = String(character)
            _ = try command("Input.dispatchKeyEvent", ["type": "keyDown", "key": key, "text": key, "unmodifiedText": key])
            _ = try command("Input.dispatchKeyEvent", ["type": "keyUp", "key": key])
        }
    }

    /// Presses Enter (a scanner ends each code with it).
    public func pressEnter() throws {
        let enter: [String: Any] = ["key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13]
        _ = try command("Input.dispatchKeyEvent", enter.merging(["type": "keyDown", "text": "\r"]) { $1 })
        _ = try command("Input.dispatchKeyEvent", enter.merging(["type": "keyUp"]) { $1 })
    }

    // MARK: Screenshots

    /// Saves what the page shows as a PNG at `path` (folders created as needed).
    public func screenshot(to path: String) throws {
        let result = try command("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": false], timeout: 20)
        guard let base64 = result["data"] as? String, let png = Data(base64Encoded: base64) else {
            throw Failure(description: "Page.captureScreenshot returned no PNG data")
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: url)
    }
}
