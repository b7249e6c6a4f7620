import Foundation

/// Reads and validates a scenario file. Every problem is reported with the step and the key it concerns.
enum ScenarioParser {
    static let actionKeys = ["sim", "kioskd", "wait_state", "expect_state", "expect_event", "mark", "expect_sim", "pause_ms"]
    static let stepKeys = ["title", "timeout_ms", "body", "status", "retry", "expect", "since", "data", "absent"] + actionKeys
    static let simKeys = ["since", "totals", "pieces", "totals_now", "totals_match_state", "receipts", "receipt_contains",
                          "card_charges", "card_reversals", "card_net_charged"]
    static let defaultTimeoutMs: Int64 = 10_000

    static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioFileError(description: "\(path): cannot read the file")
        }
        do {
            return try parse(data)
        } catch let error as ScenarioFileError {
            throw ScenarioFileError(description: "\(path): \(error.description)")
        }
    }

    static func parse(_ data: Data) throws -> Scenario {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw ScenarioFileError(description: "expected a JSON object, found unreadable JSON (\(error))")
        }
        guard let root = document.object else {
            throw ScenarioFileError(description: "expected a JSON object with name, description and steps, found \(document)")
        }
        if let unknown = root.keys.sorted().first(where: { !["name", "description", "steps"].contains($0) }) {
            throw ScenarioFileError(description: "unknown key \"\(unknown)\"; expected name, description, steps")
        }
        guard let name = root["name"]?.string, !name.isEmpty else {
            throw ScenarioFileError(description: "name: expected non-empty text, found \(root["name"]?.description ?? "nothing")")
        }
        guard let description = root["description"]?.string else {
            throw ScenarioFileError(description: "description: expected text, found \(root["description"]?.description ?? "nothing")")
        }
        guard case .array(let items)? = root["steps"], !items.isEmpty else {
            throw ScenarioFileError(description: "steps: expected a non-empty array, found \(root["steps"]?.description ?? "nothing")")
        }
        var marks: Set<String> = ["start"]
        var steps: [ScenarioStep] = []
        for (offset, item) in items.enumerated() {
            let step = try parseStep(item, number: offset + 1, marks: marks)
            if case .mark(let mark) = step.action { marks.insert(mark) }
            steps.append(step)
        }
        return Scenario(name: name, description: description, steps: steps)
    }

    private static func parseStep(_ item: JSONValue, number: Int, marks: Set<String>) throws -> ScenarioStep {
        guard let members = item.object else {
            throw ScenarioFileError(description: "step \(number): expected an object, found \(item)")
        }
        let title = members["title"]?.string
        let label = title.map { "step \(number) (\($0))" } ?? "step \(number)"
        func fail(_ key: String, _ message: String) -> ScenarioFileError {
            ScenarioFileError(description: "\(label), key \"\(key)\": \(message)")
        }
        if let unknown = members.keys.sorted().first(where: { !stepKeys.contains($0) }) {
            throw fail(unknown, "unknown key; expected one of \(stepKeys.joined(separator: ", "))")
        }
        let actions = actionKeys.filter { members[$0] != nil }
        guard actions.count == 1, let actionKey = actions.first, let argument = members[actionKey] else {
            throw ScenarioFileError(description: "\(label): expected exactly one of \(actionKeys.joined(separator: ", ")), found \(actions.isEmpty ? "none" : actions.joined(separator: ", "))")
        }
        let allowed: [String: [String]] = [
            "sim": ["body", "status", "retry", "expect"], "kioskd": ["body", "status", "retry", "expect"],
            "expect_event": ["since", "data", "absent"],
        ]
        for key in ["body", "status", "retry", "expect", "since", "data", "absent"] where members[key] != nil {
            guard allowed[actionKey]?.contains(key) == true else { throw fail(key, "not allowed with \"\(actionKey)\"") }
        }
        var timeoutMs = actionKey == "pause_ms" ? 0 : defaultTimeoutMs
        if let value = members["timeout_ms"] {
            guard case .integer(let ms) = value, (0...600_000).contains(ms) else { throw fail("timeout_ms", "expected 0…600000, found \(value)") }
            timeoutMs = ms
        }
        if members["title"] != nil && title == nil { throw fail("title", "expected text, found \(members["title"]!)") }

        let action: ScenarioAction
        switch actionKey {
        case "sim", "kioskd":
            guard let text = argument.string else { throw fail(actionKey, "expected \"METHOD /path\", found \(argument)") }
            let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard parts.count == 2, ["GET", "POST"].contains(parts[0]), parts[1].hasPrefix("/") else {
                throw fail(actionKey, "expected \"GET /path\" or \"POST /path\", found \"\(text)\"")
            }
            var status: Int?
            if let value = members["status"] {
                guard case .integer(let code) = value, (100...599).contains(code) else { throw fail("status", "expected an HTTP status 100…599, found \(value)") }
                status = Int(code)
            }
            var retry = false
            if let value = members["retry"] {
                guard case .bool(let flag) = value else { throw fail("retry", "expected true or false, found \(value)") }
                retry = flag
            }
            let expect = try members["expect"].map { try JSONExpectation.list(from: $0, context: "\(label), key \"expect\"") } ?? []
            action = .call(api: actionKey == "sim" ? .sim : .kioskd, method: parts[0], path: parts[1], body: members["body"],
                           status: status, retry: retry, expect: expect)
        case "wait_state", "expect_state":
            let list = try JSONExpectation.list(from: argument, context: "\(label), key \"\(actionKey)\"")
            guard !list.isEmpty else { throw fail(actionKey, "expected at least one \"path\": value") }
            action = actionKey == "wait_state" ? .waitState(list) : .expectState(list)
        case "expect_event":
            action = .expectEvent(try parseEvent(argument, members: members, marks: marks, fail: fail, label: label))
        case "mark":
            guard let mark = argument.string, !mark.isEmpty else { throw fail("mark", "expected a name, found \(argument)") }
            action = .mark(mark)
        case "expect_sim":
            action = .expectSim(try parseSim(argument, marks: marks, fail: fail))
        default:
            guard case .integer(let ms) = argument, (0...600_000).contains(ms) else { throw fail("pause_ms", "expected 0…600000, found \(argument)") }
            timeoutMs = ms
            action = .pause
        }
        return ScenarioStep(number: number, title: title, action: action, timeout: .milliseconds(timeoutMs))
    }

    private static func parseEvent(_ argument: JSONValue, members: [String: JSONValue], marks: Set<String>,
                                   fail: (String, String) -> ScenarioFileError, label: String) throws -> EventExpectation {
        let parts = argument.string?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
        guard parts.count == 2, ["screen", "notice"].contains(parts[0]), !parts[1].isEmpty else {
            throw fail("expect_event", "expected \"screen.NAME\" or \"notice.NAME\", found \(argument)")
        }
        let since = try members["since"].map { value -> String in
            guard let mark = value.string, marks.contains(mark) else {
                throw fail("since", "expected the name of an earlier mark (\(marks.sorted().joined(separator: ", "))), found \(value)")
            }
            return mark
        }
        var absent = false
        if let value = members["absent"] {
            guard case .bool(let flag) = value else { throw fail("absent", "expected true or false, found \(value)") }
            absent = flag
        }
        let data = try members["data"].map { try JSONExpectation.list(from: $0, context: "\(label), key \"data\"") } ?? []
        return EventExpectation(kind: parts[0], name: parts[1], since: since, data: data, absent: absent)
    }

    private static func parseSim(_ argument: JSONValue, marks: Set<String>,
                                 fail: (String, String) -> ScenarioFileError) throws -> SimExpectation {
        guard let members = argument.object, !members.isEmpty else { throw fail("expect_sim", "expected an object, found \(argument)") }
        if let unknown = members.keys.sorted().first(where: { !simKeys.contains($0) }) {
            throw fail("expect_sim.\(unknown)", "unknown key; expected one of \(simKeys.joined(separator: ", "))")
        }
        let since = members["since"]?.string ?? "start"
        guard marks.contains(since) else {
            throw fail("expect_sim.since", "expected the name of an earlier mark (\(marks.sorted().joined(separator: ", "))), found \"\(since)\"")
        }
        func integers(_ key: String, _ value: JSONValue) throws -> [String: Int64] {
            guard let object = value.object else { throw fail("expect_sim.\(key)", "expected an object of integers, found \(value)") }
            return try object.mapValues { member in
                guard case .integer(let number) = member else { throw fail("expect_sim.\(key)", "expected integers (haléře or pieces), found \(member)") }
                return number
            }
        }
        func integer(_ key: String) throws -> Int64? {
            guard let value = members[key] else { return nil }
            guard case .integer(let number) = value else { throw fail("expect_sim.\(key)", "expected an integer, found \(value)") }
            return number
        }
        var expectation = SimExpectation(since: since)
        if let value = members["totals"] { expectation.totals = try integers("totals", value) }
        if let value = members["totals_now"] { expectation.totalsNow = try integers("totals_now", value) }
        if let value = members["pieces"] {
            guard let object = value.object else { throw fail("expect_sim.pieces", "expected location → {denomination: pieces}, found \(value)") }
            expectation.pieces = try object.mapValues { try integers("pieces", $0) }
        }
        if let value = members["totals_match_state"] {
            guard let object = value.object, object.values.allSatisfy({ $0.string != nil }) else {
                throw fail("expect_sim.totals_match_state", "expected location → \"path in kioskd's state\", found \(value)")
            }
            expectation.totalsMatchState = object.compactMapValues(\.string)
        }
        if let value = members["receipt_contains"] {
            guard case .array(let items) = value, items.allSatisfy({ $0.string != nil }) else {
                throw fail("expect_sim.receipt_contains", "expected an array of text, found \(value)")
            }
            expectation.receiptContains = items.compactMap(\.string)
        }
        expectation.receipts = try integer("receipts")
        expectation.cardCharges = try integer("card_charges")
        expectation.cardReversals = try integer("card_reversals")
        expectation.cardNetCharged = try integer("card_net_charged")
        return expectation
    }
}
