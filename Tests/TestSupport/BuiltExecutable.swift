import Foundation

/// Finds an executable built next to the running test bundle (`swift build --build-tests` builds them all).
public enum BuiltExecutable {
    public struct NotFound: Error, CustomStringConvertible {
        public let name: String
        public let searched: [String]
        public var description: String {
            "\(name) not found (looked in \(searched.joined(separator: ", "))); run `swift build --build-tests` first"
        }
    }

    public static func path(_ name: String) throws -> String {
        try find(name) { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Any other build product (e.g. `libWallClockShim.so`) from the same folders.
    public static func product(_ name: String) throws -> String {
        try find(name) { FileManager.default.fileExists(atPath: $0) }
    }

    private static func find(_ name: String, where accept: (String) -> Bool) throws -> String {
        var directories: [String] = []
        if let dir = ProcessInfo.processInfo.environment["IRONCASHIER_BIN_DIR"] { directories.append(dir) }
        // /proc/self/exe is the test runner inside the build folder, e.g. .build/debug/IronCashierPackageTests.xctest.
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append((exe as NSString).deletingLastPathComponent)
        }
        for dir in directories {
            let candidate = (dir as NSString).appendingPathComponent(name)
            if accept(candidate) { return candidate }
        }
        throw NotFound(name: name, searched: directories)
    }
}
