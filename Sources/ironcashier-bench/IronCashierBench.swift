import ArgumentParser

/// Benchmarks print `name: value` lines; each compares against a baseline measured in the same run,
/// so the figures mean the same on a slow CI box and a fast laptop.
@main
struct IronCashierBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ironcashier-bench",
        abstract: "IronCashier benchmarks (build with -c release).",
        subcommands: [JournalBenchmark.self, ChangeBenchmark.self, DevicesBenchmark.self, FuzzBenchmark.self]
    )
}
