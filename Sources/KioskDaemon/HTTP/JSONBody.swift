import Foundation
import Hummingbird
import KioskShell

/// A request's JSON object, read with messages that say what was expected (answered as 400).
struct JSONBody {
    let fields: [String: JSONValue]
    let route: String

    static func read(_ request: Request, route: String, allowEmpty: Bool = false) async throws -> JSONBody {
        let buffer = try await request.body.collect(upTo: 16_384)
        let data = Data(buffer.readableBytesView)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard allowEmpty else { throw HTTPError(.badRequest, message: "\(route): expected a JSON object, found an empty body") }
            return JSONBody(fields: [:], route: route)
        }
        guard case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw HTTPError(.badRequest, message: "\(route): expected a JSON object, found something else")
        }
        return JSONBody(fields: fields, route: route)
    }

    func has(_ key: String) -> Bool { fields[key] != nil }

    func string(_ key: String) throws -> String? {
        guard let value = fields[key] else { return nil }
        guard case .string(let text) = value else { throw expected(key, "a string", value) }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw HTTPError(.badRequest, message: "\(route): expected \(key), found none") }
        return text
    }

    /// An integer amount in haléře; numbers with a fraction are refused, never rounded.
    func halere(_ key: String) throws -> Int64? {
        guard let value = fields[key] else { return nil }
        guard case .integer(let amount) = value else { throw expected(key, "whole haléře (an integer)", value) }
        return amount
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = fields[key] else { return nil }
        guard case .bool(let flag) = value else { throw expected(key, "true or false", value) }
        return flag
    }

    private func expected(_ key: String, _ what: String, _ value: JSONValue) -> HTTPError {
        HTTPError(.badRequest, message: "\(route): expected \(key) as \(what), found \(value.found)")
    }
}
