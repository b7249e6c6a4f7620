import ArgumentParser

/// The cashier's and technician's command line. Today it reads and checks the journal; cash-unit
/// exchange, reports and the daemon's control socket come with kioskd.
@main
struct Kioskctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kioskctl",
        abstract: "IronCashier kiosk control for the main cashier and technicians.",
        subcommands: [JournalCommand.self]
    )
}

/// Exit codes other programs and scripts can rely on.
enum ExitCodes {
    /// The journal opened but its chain is broken: the kiosk must stay out of service.
    static let journalBroken = ExitCode(3)
    /// The journal could not be opened at all.
    static let cannotOpen = ExitCode(4)
}
