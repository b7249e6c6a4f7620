/// The 6-digit terminal password (3 BCD bytes). Its description hides the digits so it never reaches a log.
public struct ZVTPassword: Equatable, Sendable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) throws(ZVTCodecError) {
        guard value <= 999_999 else {
            throw .valueOutOfRange(context: "password", value: Int64(value), allowed: 0...999_999)
        }
        self.value = value
    }

    /// `000000`, the default Portalum uses.
    public static let zero = ZVTPassword(checked: 0)

    init(checked value: UInt32) { self.value = value }

    public var description: String { "ZVTPassword(******)" }

    func encoded() throws(ZVTCodecError) -> [UInt8] {
        try ZVTBCD.encode(UInt64(value), byteCount: 3, context: "password")
    }

    static func decode(_ bytes: [UInt8]) throws(ZVTCodecError) -> ZVTPassword {
        let number = try ZVTBCD.decode(bytes, context: "password")
        guard number <= 999_999 else {
            throw .valueOutOfRange(context: "password", value: Int64(clamping: number), allowed: 0...999_999)
        }
        return ZVTPassword(checked: UInt32(number))
    }
}

/// ISO 4217 numeric currency code, sent as 2 BCD bytes (CZK 203 → `02 03`, EUR 978 → `09 78`).
public struct ZVTCurrencyCode: Hashable, Sendable, CustomStringConvertible {
    public let number: UInt16

    public init(_ number: UInt16) throws(ZVTCodecError) {
        guard number <= 999 else {
            throw .valueOutOfRange(context: "currency code", value: Int64(number), allowed: 0...999)
        }
        self.number = number
    }

    init(checked number: UInt16) { self.number = number }

    public static let czk = ZVTCurrencyCode(checked: 203)
    public static let eur = ZVTCurrencyCode(checked: 978)

    public var description: String { "currency \(number)" }

    func encoded() throws(ZVTCodecError) -> [UInt8] {
        try ZVTBCD.encode(UInt64(number), byteCount: 2, context: "currency code")
    }

    static func decode(_ bytes: [UInt8]) throws(ZVTCodecError) -> ZVTCurrencyCode {
        let number = try ZVTBCD.decode(bytes, context: "currency code")
        guard number <= 999 else {
            throw .valueOutOfRange(context: "currency code", value: Int64(clamping: number), allowed: 0...999)
        }
        return ZVTCurrencyCode(checked: UInt16(number))
    }
}

/// BMP 0C, `HHMMSS`.
public struct ZVTTime: Equatable, Sendable {
    public let hour: UInt8, minute: UInt8, second: UInt8

    public init(hour: UInt8, minute: UInt8, second: UInt8) throws(ZVTCodecError) {
        try zvtCheck(hour, 0...23, "time hour")
        try zvtCheck(minute, 0...59, "time minute")
        try zvtCheck(second, 0...59, "time second")
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    var bcdDigits: [UInt8] { [hour, minute, second] }
}

/// BMP 0D, `MMDD` (the terminal sends no year here; BMP AA carries one).
public struct ZVTMonthDay: Equatable, Sendable {
    public let month: UInt8, day: UInt8

    public init(month: UInt8, day: UInt8) throws(ZVTCodecError) {
        try zvtCheck(month, 1...12, "date month")
        try zvtCheck(day, 1...31, "date day")
        (self.month, self.day) = (month, day)
    }

    var bcdDigits: [UInt8] { [month, day] }
}

/// BMP 0E, card expiry `YYMM`.
public struct ZVTExpiryDate: Equatable, Sendable {
    public let year: UInt8, month: UInt8

    public init(year: UInt8, month: UInt8) throws(ZVTCodecError) {
        try zvtCheck(year, 0...99, "expiry year")
        try zvtCheck(month, 1...12, "expiry month")
        (self.year, self.month) = (year, month)
    }

    var bcdDigits: [UInt8] { [year, month] }
}

/// BMP AA, `YYMMDD`.
public struct ZVTDate: Equatable, Sendable {
    public let year: UInt8, month: UInt8, day: UInt8

    public init(year: UInt8, month: UInt8, day: UInt8) throws(ZVTCodecError) {
        try zvtCheck(year, 0...99, "date year")
        try zvtCheck(month, 1...12, "date month")
        try zvtCheck(day, 1...31, "date day")
        (self.year, self.month, self.day) = (year, month, day)
    }

    var bcdDigits: [UInt8] { [year, month, day] }
}

func zvtCheck(_ value: UInt8, _ range: ClosedRange<UInt8>, _ context: String) throws(ZVTCodecError) {
    guard range.contains(value) else {
        throw .valueOutOfRange(context: context, value: Int64(value),
                               allowed: Int64(range.lowerBound)...Int64(range.upperBound))
    }
}

/// Splits BCD bytes into two-digit numbers (`22 39 53` → 22, 39, 53), rejecting non-decimal nibbles.
func zvtTwoDigitGroups(_ bytes: [UInt8], context: String) throws(ZVTCodecError) -> [UInt8] {
    var groups: [UInt8] = []
    for byte in bytes { groups.append(UInt8(try ZVTBCD.decode([byte], context: context))) }
    return groups
}

/// Packs two-digit numbers (each ≤ 99) back into BCD bytes.
func zvtPackTwoDigitGroups(_ groups: [UInt8]) -> [UInt8] {
    groups.map { ($0 / 10) << 4 | ($0 % 10) }
}
