import Foundation
import TestSupport

/// The kioskctl binary run as a process: exit status, standard output and standard error.
struct KioskctlRun {
    let status: Int32
    let output: String
    let error: String

    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] }

    /// Runs `kioskctl arguments…`; `user` runs it as another uid/gid (setpriv; the tests run as root).
    static func run(_ arguments: [String], stdin: String? = nil, asUser user: (uid: Int, gid: Int)? = nil) throws -> KioskctlRun {
        let binary = try BuiltExecutable.path("kioskctl")
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["KIOSKCTL_SOCKET"] = nil
        environment["KIOSKCTL_JOURNAL"] = nil
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large report cannot block on a full pipe.
        let group = DispatchGroup()
        let box = OutputBox()
        DispatchQueue.global().async(group: group) { box.setError(err.fileHandleForReading.readDataToEndOfFile()) }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return KioskctlRun(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                           error: String(decoding: box.error, as: UTF8.self))
    }
}

private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func setError(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    var error: Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// Today in Europe/Prague as yyyy-mm-dd (the day kioskd journals the visits on).
func pragueToday() -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Prague")!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
}

/// An integer out of parsed JSON.
func int(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }
