import Glibc
import Journal

// Appends journal records as fast as the disk allows until it is killed, writing each committed
// sequence number to stdout. The crash test SIGKILLs it at random moments and checks that every
// reported sequence survived and the chain is whole. Usage: journal-stress DB_PATH KIOSK_ID [COUNT]

/// Unbuffered, so a reported sequence has really left the process before the next append starts.
func writeLine(_ text: String, to fd: Int32) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    writeLine("usage: journal-stress DB_PATH KIOSK_ID [COUNT]", to: 2)
    exit(64)
}
let limit = arguments.count > 3 ? Int64(arguments[3]) ?? Int64.max : Int64.max
do {
    let journal = try Journal(path: arguments[1], kioskID: arguments[2])
    var generator = SystemRandomNumberGenerator()
    var written: Int64 = 0
    while written < limit {
        // Payload sizes vary so that page splits and WAL frames of different sizes are exercised.
        let size = Int.random(in: 8...600, using: &generator)
        let payload = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let record = try journal.append(type: "stress.record", payload: payload)
        writeLine(String(record.sequence), to: 1)
        written += 1
    }
} catch {
    writeLine("journal-stress: \(error)", to: 2)
    exit(1)
}
