// swift-tools-version:6.1
import PackageDescription

// Layers point downwards: executables → Journal / DeviceIO / DeviceProtocols → SQLiteDB → TownCore.
// The firmware core (TownCore, DeviceProtocols, DeviceIO, SQLiteDB, Journal) uses Foundation, Glibc,
// the system SQLite3 and libudev, plus swift-crypto for hashes and ciphers — nothing else.
let package = Package(
    name: "IronCashier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kioskd", targets: ["kioskd"]),
        .executable(name: "kioskctl", targets: ["kioskctl"]),
        .executable(name: "kiosk-sim", targets: ["kiosk-sim"]),
        .executable(name: "ironcashier-bench", targets: ["ironcashier-bench"]),
        .executable(name: "journal-stress", targets: ["journal-stress"]),
        .executable(name: "town-server", targets: ["town-server"]),
        // Test tooling only: the LD_PRELOAD wall-clock shim the nemesis test runs kioskd under.
        .library(name: "WallClockShim", type: .dynamic, targets: ["WallClockShim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // traits: [] keeps swift-configuration out of the build.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // The sync client's HTTP/1.1 + TLS on swift-nio (README: dependencies).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // System C libraries, found with pkg-config; `make` installs the -dev packages when missing.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),
        // pty functions that Glibc's module map hides; needs _GNU_SOURCE.
        .target(name: "CPosixShims", cSettings: [.define("_GNU_SOURCE")]),

        // Pure domain: money, cash, documents, Czech payment formats. No I/O.
        .target(name: "TownCore"),

        // Named crash/failure points, inert unless IRONCASHIER_FAILPOINTS switches them on.
        .target(name: "Failpoints"),

        // A small SQLite wrapper in the spirit of GRDB's Core, on the system library.
        .target(name: "SQLiteDB", dependencies: ["CSQLite"]),
        // Serial ports (termios), pseudo-terminals and udev discovery.
        .target(name: "DeviceIO", dependencies: ["CPosixShims", "CUdev"]),
        // Pure codecs: SSP/eSSP, ccTalk, ESC/POS, ZVT — bytes in, typed messages out.
        .target(name: "DeviceProtocols", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Device drivers: pure state machines plus the one runner that does their I/O.
        .target(name: "Devices", dependencies: ["DeviceIO", "DeviceProtocols", "TownCore"]),
        // The hardware simulator's devices and physical ground truth (kiosk-sim's core).
        .target(name: "KioskSimCore", dependencies: ["DeviceIO", "DeviceProtocols", "TownCore"], path: "hardware-sim/Sources/KioskSimCore"),
        // Minimal HTTP/1.1 client over a Unix socket, so kioskctl talks to kioskd without Hummingbird.
        .target(name: "ControlClient"),
        // kioskd's engine-independent shell: config, sd_notify, metrics, control socket, server-sent events.
        .target(name: "KioskShell", dependencies: [
            "TownCore", "ControlClient",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The pure transaction engine: flows, escrow, payouts, recovery. Actions out, no I/O.
        .target(name: "Engine", dependencies: ["TownCore", "Journal", "Devices"]),
        // Append-only, hash-chained journal with its sync outbox.
        .target(name: "Journal", dependencies: [
            "SQLiteDB", "TownCore", "Failpoints",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // kioskd's library: the engine host (journal + drivers + timers), local HTTP and control APIs, metrics.
        .target(name: "KioskDaemon", dependencies: [
            "Engine", "Journal", "Devices", "DeviceIO", "KioskShell", "ControlClient", "Failpoints", "TownCore",
            "SyncProtocol", "VoucherSigning", "SQLiteDB",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The daemon's composition root: options, config, one ServiceGroup.
        .executableTarget(name: "kioskd", dependencies: [
            "KioskDaemon", "KioskShell", "Engine", "Journal",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(name: "ironcashier-bench", dependencies: [
            "Journal", "SQLiteDB", "TownCore", "DeviceProtocols", "Devices", "DeviceIO", "Engine", "KioskSimCore",
            "SyncProtocol", "TownServer", "KioskDaemon",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Voucher approvals signed by two approvers (P-256) and PIN verifiers, checked offline at the kiosk.
        .target(name: "VoucherSigning", dependencies: [
            "TownCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Sync protocol v1: wire types, HMAC request signing and the kiosk's client (pure apart from the client).
        .target(name: "SyncProtocol", dependencies: [
            "TownCore", .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // The town server: exactly-once journal intake, deltas to kiosks, the economics system's endpoint.
        .target(name: "TownServer", dependencies: [
            "SyncProtocol", "TownCore", "SQLiteDB", "Journal", "Engine", "Failpoints",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The town server's composition root and the economics-system stand-in (econ-sim).
        .executableTarget(name: "town-server", dependencies: [
            "TownServer", "SyncProtocol", "TownCore", "VoucherSigning",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Daily closing and statistics reports from the journal (pure; kioskctl renders them).
        .target(name: "Reports", dependencies: ["Engine", "Journal", "TownCore"]),
        .executableTarget(name: "kioskctl", dependencies: [
            "Journal", "TownCore", "Reports", "ControlClient", "Engine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The hardware simulator: devices on ptys and TCP, HTTP control API.
        .executableTarget(name: "kiosk-sim", dependencies: [
            "KioskSimCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ], path: "hardware-sim/Sources/kiosk-sim"),
        // Appends journal records in a loop until killed; the crash test SIGKILLs it at random moments.
        .executableTarget(name: "journal-stress", dependencies: ["Journal"]),

        // Helpers shared by the test targets: temporary folders, finding built executables.
        .target(name: "TestSupport", dependencies: ["DeviceIO"], path: "Tests/TestSupport"),
        .testTarget(name: "TownCoreTests", dependencies: ["TownCore"]),
        .testTarget(name: "SQLiteDBTests", dependencies: ["SQLiteDB", "TestSupport"]),
        .testTarget(name: "DeviceProtocolsTests", dependencies: ["DeviceProtocols", "TownCore"]),
        .testTarget(name: "DevicesTests", dependencies: ["Devices", "KioskSimCore", "DeviceProtocols", "TownCore"]),
        .testTarget(name: "DeviceEndToEndTests", dependencies: ["Devices", "KioskSimCore", "DeviceIO", "DeviceProtocols", "TownCore"]),
        .testTarget(name: "DeviceIOTests", dependencies: ["DeviceIO"]),
        .testTarget(name: "KioskShellTests", dependencies: [
            "KioskShell", "ControlClient", "TownCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "TownCore", "Journal", "Devices"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Engine", "Journal", "TownCore"]),
        .testTarget(name: "KioskctlTests", dependencies: ["TestSupport"]),
        // Touchscreen UI in headless chromium against kioskd + kiosk-sim (needs Debian's chromium).
        .testTarget(name: "UITests", dependencies: ["TestSupport"]),
        .testTarget(name: "SyncProtocolTests", dependencies: ["SyncProtocol", "TownCore"]),
        .testTarget(name: "TownServerTests", dependencies: [
            "TownServer", "SyncProtocol", "TownCore", "Journal", "Engine", "SQLiteDB", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "VoucherSigningTests", dependencies: [
            "VoucherSigning", "TownCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Starts the real kiosk-sim process and drives it over its control API and device lines.
        .testTarget(name: "KioskSimTests", dependencies: ["Devices", "KioskSimCore", "DeviceIO", "TownCore", "TestSupport"]),
        // EngineHost with a real journal; kioskd as a process against a real kiosk-sim process.
        .testTarget(name: "KioskDaemonTests", dependencies: [
            "KioskDaemon", "Engine", "Journal", "Devices", "DeviceIO", "TownCore", "KioskShell", "ControlClient",
            "Failpoints", "TestSupport", "SyncProtocol", "VoucherSigning", "SQLiteDB", "TownServer",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Crash injection: scenarios × failpoints / power cuts, checked against kiosk-sim's ground truth.
        .target(name: "CrashHarness", dependencies: ["TestSupport", "KioskDaemon", "Failpoints", "Engine", "Journal", "TownCore"],
                path: "Tests/CrashHarness"),
        .executableTarget(name: "crash-test", dependencies: ["CrashHarness"], path: "Tests/CrashRunner"),
        .testTarget(name: "CrashTests", dependencies: ["CrashHarness", "TestSupport"]),
        // Sync nemesis: server down, duplicated/reordered/replayed batches, errors after commit, clock jumps.
        .target(name: "NemesisHarness", dependencies: [
            "TestSupport", "SyncProtocol", "TownServer", "VoucherSigning", "Journal", "Engine", "TownCore", "ControlClient",
            "KioskDaemon",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/NemesisHarness"),
        .executableTarget(name: "nemesis-test", dependencies: ["NemesisHarness"], path: "Tests/NemesisRunner"),
        .testTarget(name: "NemesisTests", dependencies: ["NemesisHarness", "TestSupport"]),
        // Moves a process's wall clock (not its timers) by an offset read from a file; built as libWallClockShim.so.
        // -nostartfiles keeps out swiftrt.o, whose constructor (Swift metadata registration) a C-only library does not need.
        .target(name: "WallClockShim", path: "Tests/WallClockShim", linkerSettings: [.unsafeFlags(["-nostartfiles"])]),
        // Prints its wall clocks and how long its timed waits took; the shim's own test runs it under the shim.
        .executableTarget(name: "wall-clock-probe", path: "Tests/WallClockProbe"),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "SQLiteDB", "TownCore", "TestSupport"]),
    ]
)
