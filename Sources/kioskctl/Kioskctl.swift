import ArgumentParser
import Foundation

/// The cashier's and technician's command line: state-changing commands go to kioskd's control socket;
/// reports read the journal read-only.
@main
struct Kioskctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kioskctl",
        abstract: "IronCashier kiosk control for the main cashier and technicians.",
        discussion: """
            Commands that change the kiosk (refill, collect, suspect resolve) talk to kioskd's control socket \
            (--socket, default $KIOSKCTL_SOCKET or /run/kioskd/control.sock). Reports (close-day, report, journal) \
            read the journal read-only (--journal, default $KIOSKCTL_JOURNAL or /var/lib/ironcashier/journal.sqlite). \
            Amounts and denominations are haléře everywhere (20000 = 200 Kč). Every command takes --json.

            Exit codes:
              0  success
              1  other failure (server error, timeout, report not built)
              2  bad input, e.g. a count that does not add up (nothing sent)
              3  the journal's hash chain is broken
              4  the journal could not be opened
              5  kioskd is not running (no control socket)
              6  permission denied on the control socket
              7  kioskd refused the request (busy, unknown transaction…)
            """,
        subcommands: [StatusCommand.self, CollectCommand.self, RefillCommand.self, CloseDayCommand.self, ReportCommand.self,
                      SuspectCommand.self, JournalCommand.self]
    )

    /// ArgumentParser exits 64 (EX_USAGE) on validation errors; kioskctl promises 2 for every bad input.
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCodes.badInput.rawValue)
            }
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            // Found while running (a typed-in count that does not add up): the message, not the root's usage.
            printError(error.message)
            Foundation.exit(ExitCodes.badInput.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}

/// Exit codes other programs and scripts can rely on (listed in `kioskctl --help`).
enum ExitCodes {
    /// Bad input, including a count that does not add up; nothing was sent to kioskd.
    static let badInput = ExitCode(2)
    /// The journal opened but its chain is broken: the kiosk must stay out of service.
    static let journalBroken = ExitCode(3)
    /// The journal could not be opened at all.
    static let cannotOpen = ExitCode(4)
    static let daemonNotRunning = ExitCode(5)
    static let permissionDenied = ExitCode(6)
    /// kioskd answered 4xx: it is busy with a customer (409), does not know the transaction (404)…
    static let refused = ExitCode(7)
}
