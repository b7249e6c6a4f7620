import ArgumentParser
import ControlClient
import Foundation

/// Where kioskd's control socket is; shared by every command that talks to kioskd.
struct ControlOptions: ParsableArguments {
    @Option(name: .long, help: "kioskd's control socket ($KIOSKCTL_SOCKET sets the default).")
    var socket: String = ProcessInfo.processInfo.environment["KIOSKCTL_SOCKET"] ?? "/run/kioskd/control.sock"

    @Flag(help: "Print JSON (kioskd's answer as it came).") var json = false

    /// Sends one request; any failure is printed and becomes the matching exit code.
    func send(_ method: String, _ path: String, body: Data? = nil) throws -> ControlResponse {
        let client = ControlClient(socketPath: socket)
        let response: ControlResponse
        do {
            response = try client.send(method: method, path: path, body: body)
        } catch {
            printError(Self.describe(error))
            throw Self.exitCode(for: error)
        }
        guard response.isSuccess else {
            let message = Self.errorMessage(in: response)
            printError("kioskd refused \(method) \(path) (HTTP \(response.status)): \(message)")
            throw (400..<500).contains(response.status) ? ExitCodes.refused : ExitCode.failure
        }
        return response
    }

    /// POST with `object` as its JSON body.
    func post(_ path: String, _ object: [String: Any]) throws -> ControlResponse {
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try send("POST", path, body: body)
    }

    /// The body as a JSON object, or exit 1 saying what came instead.
    static func object(_ response: ControlResponse, from path: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            printError("kioskd answered \(path) with something other than a JSON object: \(response.bodyText.prefix(200))")
            throw ExitCode.failure
        }
        return object
    }

    static func describe(_ error: ControlClientError) -> String {
        switch error {
        case .daemonNotRunning(let path, false): "kioskd is not running (no control socket at \(path))"
        case .daemonNotRunning(let path, true):
            "kioskd is not running (nothing listens on the control socket at \(path); the socket file is left over)"
        default: error.description
        }
    }

    static func exitCode(for error: ControlClientError) -> ExitCode {
        switch error {
        case .daemonNotRunning: ExitCodes.daemonNotRunning
        case .permissionDenied: ExitCodes.permissionDenied
        case .invalidRequest: ExitCodes.badInput
        case .timedOut, .malformedResponse, .socketFailure: ExitCode.failure
        }
    }

    /// kioskd's error text: `{"error": "..."}` or Hummingbird's `{"error": {"message": "..."}}`; else the raw body.
    static func errorMessage(in response: ControlResponse) -> String {
        let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        if let text = object?["error"] as? String { return text }
        if let nested = object?["error"] as? [String: Any], let text = nested["message"] as? String { return text }
        let body = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
        return body.isEmpty ? response.reason : String(body.prefix(500))
    }
}

/// Who does the work; journaled with every refill, collection and resolution.
struct TechnicianOption: ParsableArguments {
    @Option(help: "Your name as journaled (default $SUDO_USER or $USER).")
    var technician: String = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? ""

    func validate() throws {
        guard !technician.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--technician: expected your name, found none (and neither $SUDO_USER nor $USER is set)")
        }
    }
}

/// Prints `value` as pretty, key-sorted JSON.
func printJSONValue(_ value: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}
