import ArgumentParser

/// Benchmarks print `name: value` lines; each compares against a baseline measured in the same run,
/// so the figures mean the same on a slow CI box and a fast laptop. Async at the root because `sync`
/// drives an in-process server; the synchronous subcommands run unchanged.
@main
struct IronCashierBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ironcashier-bench",
        abstract: "IronCashier benchmarks (build with -c release).",
        subcommands: [JournalBenchmark.self, ChangeBenchmark.self, DevicesBenchmark.self, FuzzBenchmark.self,
                      EngineBenchmark.self, SyncBenchmark.self]
    )
}
