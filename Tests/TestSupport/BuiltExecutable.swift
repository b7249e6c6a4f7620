import Foundation

/// Finds an executable built next to the running test bundle (`swift build --build-tests` builds them all).
public enum BuiltExecutable {
    public struct NotFound: Error, CustomStringConvertible {
        public let name: String
        public let searched: [String]
        public var description: String {
            "executable \(name) not found (looked in \(searched.joined(separator: ", "))); run `swift build --build-tests` first"
        }
    }

    public static func path(_ name: String) throws -> String {
        var directories: [String] = []
        if let dir = ProcessInfo.processInfo.environment["IRONCASHIER_BIN_DIR"] { directories.append(dir) }
        // /proc/self/exe is the test runner inside the build folder, e.g. .build/debug/IronCashierPackageTests.xctest.
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append((exe as NSString).deletingLastPathComponent)
        }
        for dir in directories {
            let candidate = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NotFound(name: name, searched: directories)
    }
}
