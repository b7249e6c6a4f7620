import Foundation
import Glibc

/// The Chrome DevTools Protocol over `--remote-debugging-pipe`: JSON messages, each ended by a NUL byte. The
/// browser reads commands from its fd 3 and writes answers and events to its fd 4; a tiny shell launcher moves
/// the two Foundation pipes (given as stdin and stdout) there before it execs chromium.
final class ChromiumPipe: @unchecked Sendable {
    private let process = Process()
    private let toBrowser = Pipe()
    private let fromBrowser = Pipe()
    private let condition = NSCondition()
    private var nextID = 1
    private var answers: [Int: [String: Any]] = [:]
    private var exceptions: [String] = []
    private var ended = false
    let logPath: String

    init(executable: String, arguments: [String], logPath: String) throws {
        // A browser that died must not take the test runner with it through SIGPIPE: writes then fail instead.
        signal(SIGPIPE, SIG_IGN)
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #"exec 3<&0 4>&1 </dev/null >/dev/null; exec "$0" "$@""#, executable] + arguments
        process.standardInput = toBrowser
        process.standardOutput = fromBrowser
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let reader = Thread { [self] in readLoop() }
        reader.name = "chromium-cdp-reader"
        reader.start()
    }

    var isRunning: Bool { process.isRunning }
    var processIdentifier: Int32 { process.processIdentifier }

    /// The browser's stderr so far (for failure messages).
    var logTail: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(3_000))
    }

    /// Uncaught page exceptions reported so far (`Runtime.exceptionThrown`).
    var pageExceptions: [String] {
        condition.lock()
        defer { condition.unlock() }
        return exceptions
    }

    /// Sends one command and waits for its answer's `result`; a protocol error or a timeout throws.
    func send(_ method: String, _ params: [String: Any] = [:], session: String? = nil,
              timeout: TimeInterval = 10) throws -> [String: Any] {
        condition.lock()
        let id = nextID
        nextID += 1
        condition.unlock()
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var bytes = try JSONSerialization.data(withJSONObject: message)
        bytes.append(0)
        do {
            try toBrowser.fileHandleForWriting.write(contentsOf: bytes)
        } catch {
            throw HeadlessChromium.Failure(description: "\(method): chromium's pipe is closed (\(error))\n\(logTail)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while answers[id] == nil {
            if ended {
                throw HeadlessChromium.Failure(description: "\(method): chromium exited before answering\n\(logTail)")
            }
            if !condition.wait(until: deadline) && answers[id] == nil {
                throw HeadlessChromium.Failure(description: "\(method): no answer from chromium within \(Int(timeout)) s")
            }
        }
        let answer = answers.removeValue(forKey: id) ?? [:]
        if let error = answer["error"] as? [String: Any] {
            throw HeadlessChromium.Failure(description: "\(method) failed: \(error["message"] ?? error)")
        }
        return answer["result"] as? [String: Any] ?? [:]
    }

    /// Ends the browser: a polite Browser.close, then SIGTERM, then SIGKILL.
    func stop() {
        if process.isRunning { _ = try? send("Browser.close", timeout: 3) }
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        let killDeadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < killDeadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? toBrowser.fileHandleForWriting.close()
    }

    private func readLoop() {
        let fd = fromBrowser.fileHandleForReading.fileDescriptor
        var message: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            var start = 0
            for index in 0..<count where chunk[index] == 0 {
                message.append(contentsOf: chunk[start..<index])
                deliver(message)
                message.removeAll(keepingCapacity: true)
                start = index + 1
            }
            message.append(contentsOf: chunk[start..<count])
        }
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    private func deliver(_ bytes: [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return }
        condition.lock()
        defer { condition.unlock() }
        if let id = object["id"] as? Int {
            answers[id] = object
            condition.broadcast()
        } else if object["method"] as? String == "Runtime.exceptionThrown",
                  let details = (object["params"] as? [String: Any])?["exceptionDetails"] as? [String: Any] {
            let exception = details["exception"] as? [String: Any]
            exceptions.append("\(exception?["description"] ?? details["text"] ?? "exception")")
        }
    }
}
