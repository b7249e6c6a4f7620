import DeviceProtocols

/// How the kiosk talks to its ZVT terminal. Defaults follow protocols.md §5: T3 5 s for the terminal's
/// acknowledgement, T4 180 s for the completion, restarted by every message the terminal sends.
public struct ZVTTerminalConfiguration: Sendable {
    public var password: ZVTPassword
    public var currency: ZVTCurrencyCode
    /// The kiosk prints the slips, drives the customer's screen from intermediate status, and nobody may
    /// type an amount or open the admin menu on the terminal.
    public var registrationConfig: ZVTRegistrationConfig
    public var serviceByte: ZVTServiceByte
    /// BMP 01: seconds the terminal waits for the card; nil leaves the terminal's default. Some terminals
    /// need it to behave in unattended mode (protocols.md, Portalum issue #44).
    public var cardWaitSeconds: UInt8?
    /// Character set of slip and display texts (ZVT default CP437; some terminals send Latin-1/2).
    public var textEncoding: ZVTTextEncoding

    /// T3: the terminal must acknowledge a command this fast.
    public var acknowledgementTimeout: Duration
    /// T4: the longest silence while a command runs. Cardholders take 60 s and more, but intermediate
    /// status messages restart it, so it only fires when the terminal itself goes quiet.
    public var completionTimeout: Duration
    /// Longest single read, so an engine command (abort) is looked at within this time.
    public var receiveSlice: Duration
    /// Pause before registering again, or asking again while recovering a lost payment answer.
    public var retryDelay: Duration
    /// How long recovery keeps asking a busy or unreachable terminal before reporting `outcomeUnknown`.
    public var recoveryDeadline: Duration
    /// After bytes that are not ZVT, the line must stay quiet this long before the next command.
    public var resynchronisationQuietPeriod: Duration
    /// How long an idle driver sleeps when nothing is queued (the runner wakes it early for commands).
    public var idleWake: Duration

    public init(password: ZVTPassword = .zero,
                currency: ZVTCurrencyCode = .czk,
                registrationConfig: ZVTRegistrationConfig = [
                    .ecrPrintsPaymentReceipts, .ecrPrintsAdministrationReceipts, .sendIntermediateStatus,
                    .amountInputOnPTNotPossible, .administrationOnPTNotPossible,
                ],
                serviceByte: ZVTServiceByte = .serviceMenuNotOnFunctionKey,
                cardWaitSeconds: UInt8? = nil,
                textEncoding: ZVTTextEncoding = .cp437,
                acknowledgementTimeout: Duration = .seconds(5),
                completionTimeout: Duration = .seconds(180),
                receiveSlice: Duration = .milliseconds(500),
                retryDelay: Duration = .seconds(5),
                recoveryDeadline: Duration = .seconds(300),
                resynchronisationQuietPeriod: Duration = .seconds(1),
                idleWake: Duration = .seconds(10)) {
        self.password = password
        self.currency = currency
        self.registrationConfig = registrationConfig
        self.serviceByte = serviceByte
        self.cardWaitSeconds = cardWaitSeconds
        self.textEncoding = textEncoding
        self.acknowledgementTimeout = acknowledgementTimeout
        self.completionTimeout = completionTimeout
        self.receiveSlice = receiveSlice
        self.retryDelay = retryDelay
        self.recoveryDeadline = recoveryDeadline
        self.resynchronisationQuietPeriod = resynchronisationQuietPeriod
        self.idleWake = idleWake
    }
}
