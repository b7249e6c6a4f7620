import ArgumentParser

/// Device stack figures: codec throughput per protocol beside the 9600-baud wire rate.
struct DevicesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "Codec throughput per protocol.")

    @Option(help: "Frames per codec.") var iterations = 200_000

    func run() throws {
        for result in try CodecThroughput.run(iterations: iterations) {
            Report.line("\(result.name)_encode_decode_per_s", result.framesPerSecond, decimals: 0)
            Report.line("\(result.name)_wire_9600_per_s", result.wireFramesPerSecond, decimals: 1)
        }
    }
}
