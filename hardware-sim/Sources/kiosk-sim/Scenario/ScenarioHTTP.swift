import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// JSON over HTTP to the simulator and to kioskd, with URLSession.
struct ScenarioHTTP: Sendable {
    struct Answer: Sendable {
        let status: Int
        let body: Data
        var json: JSONValue? { try? JSONValue.parse(body) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let baseURL: String

    func send(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> Answer {
        guard let url = URL(string: baseURL + path) else { throw Failure(description: "bad URL \(baseURL + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let body {
            request.httpBody = body.encoded
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if method == "POST" {
            request.httpBody = Data()
        }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? -1, body: data)
        } catch {
            throw Failure(description: "\(method) \(url.absoluteString) failed: \(error.localizedDescription)")
        }
    }

    func json(_ method: String, _ path: String) async throws -> JSONValue {
        let answer = try await send(method, path)
        guard (200..<300).contains(answer.status), let json = answer.json else {
            throw Failure(description: "\(method) \(baseURL)\(path) answered \(answer.status): \(answer.text.prefix(300))")
        }
        return json
    }
}
