import ArgumentParser

/// Device stack figures: codec throughput per protocol beside the 9600-baud wire rate; CPU of all
/// drivers polling a kiosk-sim process at their normal rates; SSP poll round trip beside its wire time.
struct DevicesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "Codec throughput, idle polling CPU, SSP round trip.")

    @Option(help: "Frames per codec.") var iterations = 200_000
    @Option(help: "Seconds of idle polling to measure.") var seconds = 60

    func validate() throws {
        guard iterations > 0, seconds > 0 else { throw ValidationError("iterations and seconds must be positive") }
    }

    func run() throws {
        for result in try CodecThroughput.run(iterations: iterations) {
            Report.line("\(result.name)_encode_decode_per_s", result.framesPerSecond, decimals: 0)
            Report.line("\(result.name)_wire_9600_per_s", result.wireFramesPerSecond, decimals: 1)
        }
        let idle = try IdlePollBenchmark.run(seconds: seconds)
        Report.line("idle_poll_cpu_percent", idle.idleCPUPercent, decimals: 3)
        Report.line("idle_sleep_baseline_cpu_percent", idle.sleepingCPUPercent, decimals: 3)
        Report.line("ssp_polls_measured", Double(idle.sspRoundTripsMs.count), decimals: 0)
        Report.line("ssp_poll_round_trip_p50_ms", Report.percentile(idle.sspRoundTripsMs, 0.5), decimals: 3)
        Report.line("ssp_poll_round_trip_p99_ms", Report.percentile(idle.sspRoundTripsMs, 0.99), decimals: 3)
        Report.line("ssp_poll_wire_time_9600_ms", Report.percentile(idle.sspWireMs, 0.5), decimals: 3)
    }
}
