import Foundation
import Glibc
import Testing
import TestSupport

/// kioskctl's failures that need no kioskd: no socket, no permission, counts that do not add up.
@Suite struct KioskctlControlErrorTests {
    @Test func noSocketIsExitFive() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("control.sock")
        let run = try KioskctlRun.run(["status", "--socket", path])
        #expect(run.status == 5)
        #expect(run.error.contains("kioskd is not running (no control socket at \(path))"), "\(run.error)")
    }

    @Test func aSocketWeMayNotOpenIsExitSix() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("control.sock")
        let listener = try UnixListener(path: path)
        defer { listener.close() }
        #expect(chmod(path, 0) == 0)
        // Root ignores file modes, so the check runs kioskctl as nobody (65534) when the tests run as root.
        let asUser: (uid: Int, gid: Int)? = getuid() == 0 ? (65_534, 65_534) : nil
        if asUser != nil { _ = chmod(directory.url.path, 0o755) }
        let run = try KioskctlRun.run(["status", "--socket", path], asUser: asUser)
        #expect(run.status == 6, "\(run.error)")
        #expect(run.error.contains("permission denied on \(path)"))
    }

    @Test func aCountThatDoesNotAddUpIsRefusedBeforeSending() throws {
        // The socket does not exist: exit 2 rather than 5 proves nothing was sent.
        let run = try KioskctlRun.run(["collect", "--unit", "cashbox", "--count", "20000=3", "--total", "50000",
                                       "--technician", "novak", "--socket", "/nonexistent.sock"])
        #expect(run.status == 2)
        #expect(run.error.contains("the count does not add up: 3 × 200 Kč = 600,00 Kč, but --total says 500,00 Kč"), "\(run.error)")
    }

    @Test func countsAreCheckedAgainstTheUnit() throws {
        let socket = ["--technician", "novak", "--socket", "/nonexistent.sock"]
        let fake = try KioskctlRun.run(["collect", "--unit", "cashbox", "--count", "30000=1"] + socket)
        #expect(fake.status == 2 && fake.error.contains("expected a denomination in haléře"), "\(fake.error)")
        let coinInCashbox = try KioskctlRun.run(["collect", "--unit", "cashbox", "--count", "2000=1"] + socket)
        #expect(coinInCashbox.status == 2 && coinInCashbox.error.contains("the cashbox holds notes"), "\(coinInCashbox.error)")
        let malformed = try KioskctlRun.run(["refill", "--unit", "hopper", "--count", "20Kč=3"] + socket)
        #expect(malformed.status == 2 && malformed.error.contains("expected DENOMINATION=PIECES"))
        let cashbox = try KioskctlRun.run(["refill", "--unit", "cashbox", "--count", "20000=1"] + socket)
        #expect(cashbox.status == 2 && cashbox.error.contains("expected recycler or hopper"))
        let unit = try KioskctlRun.run(["collect", "--unit", "safe", "--count", "20000=1"] + socket)
        #expect(unit.status == 2)
        let noCount = try KioskctlRun.run(["collect", "--unit", "cashbox"] + socket, stdin: "")
        #expect(noCount.status == 2 && noCount.error.contains("stdin is not a terminal"), "\(noCount.error)")
        let badTransaction = try KioskctlRun.run(["suspect", "resolve", "X12", "--reason", "x"] + socket)
        #expect(badTransaction.status == 2 && badTransaction.error.contains("expected a transaction like T000012"))
    }

    @Test func helpListsTheExitCodes() throws {
        let run = try KioskctlRun.run(["--help"])
        #expect(run.status == 0)
        for line in ["5  kioskd is not running", "6  permission denied", "7  kioskd refused", "2  bad input"] {
            #expect(run.output.contains(line), "\(line)")
        }
    }
}

/// A Unix socket that listens and never answers: enough for connect() permission checks.
final class UnixListener {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard fd >= 0, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw KioskdProcess.Failure(description: "cannot make a socket at \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw KioskdProcess.Failure(description: "bind/listen \(path) failed: errno \(errno)") }
    }

    func close() { _ = Glibc.close(fd) }
}
