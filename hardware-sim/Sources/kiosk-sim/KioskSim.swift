import ArgumentParser

/// `kiosk-sim`: the kiosk's devices in software (`serve`, the default) and scripted citizen visits that check
/// a running kioskd against them (`run`).
@main
struct KioskSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-sim",
        abstract: "Simulated NV200 + Smart Payout, ccTalk coin bus, ESC/POS printer and ZVT card terminal.",
        discussion: "See hardware-sim/README.md for the control API with curl examples and the scenario format.",
        subcommands: [Serve.self, RunScenario.self],
        defaultSubcommand: Serve.self
    )
}
