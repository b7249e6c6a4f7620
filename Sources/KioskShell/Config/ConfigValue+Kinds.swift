import TownCore

/// The kinds of values kioskd's config holds, each with the wording used when one does not fit.
extension ConfigValue {
    static func integer(in range: ClosedRange<Int>, _ expected: String) -> ConfigValue<Int> {
        ConfigValue<Int>(expected: expected) { value in
            guard case let .integer(number) = value, let int = Int(exactly: number), range.contains(int) else { return nil }
            return int
        }
    }

    static func oneOf(_ allowed: [Int], _ noun: String) -> ConfigValue<Int> {
        integerList(allowed, expected: "\(noun) (\(allowed.map(String.init).joined(separator: ", ")))")
    }

    private static func integerList(_ allowed: [Int], expected: String) -> ConfigValue<Int> {
        ConfigValue<Int>(expected: expected) { value in
            guard case let .integer(number) = value, let int = Int(exactly: number), allowed.contains(int) else { return nil }
            return int
        }
    }

    static var bool: ConfigValue<Bool> {
        ConfigValue<Bool>(expected: "true or false") { value in
            if case let .bool(flag) = value { return flag }
            return nil
        }
    }

    static func nonEmptyString(_ expected: String) -> ConfigValue<String> {
        ConfigValue<String>(expected: expected) { value in
            guard case let .string(text) = value, !text.isEmpty, !text.contains("\0") else { return nil }
            return text
        }
    }

    static func path(_ expected: String) -> ConfigValue<String> { nonEmptyString(expected) }

    static var kioskCode: ConfigValue<KioskCode> {
        ConfigValue<KioskCode>(expected: "a kiosk code: an uppercase letter, then 1–7 uppercase letters or digits, such as \"K01\"") {
            guard case let .string(text) = $0 else { return nil }
            return try? KioskCode(text)
        }
    }

    static func usbID(_ which: String) -> ConfigValue<UInt16> {
        ConfigValue<UInt16>(expected: "a USB \(which) id of 4 hex digits as a string, such as \"0403\"") { value in
            guard case let .string(text) = value, text.utf8.count == 4, text.allSatisfy(\.isHexDigit) else { return nil }
            return UInt16(text, radix: 16)
        }
    }

    static var hostName: ConfigValue<String> {
        ConfigValue<String>(expected: "a host name or IP address such as \"192.168.1.50\"") { value in
            guard case let .string(text) = value, (1...253).contains(text.utf8.count),
                  text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:_".contains($0)) })
            else { return nil }
            return text
        }
    }

    /// The touchscreen API takes money commands without authentication, so it must stay on loopback.
    static var loopbackAddress: ConfigValue<String> {
        ConfigValue<String>(expected: "a loopback address (127.0.0.1, another 127.x.x.x, ::1 or localhost); the UI API must not be reachable from the network") { value in
            guard case let .string(text) = value else { return nil }
            if text == "::1" || text == "localhost" { return text }
            let octets = text.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4, octets.first == "127",
                  octets.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && UInt8($0) != nil })
            else { return nil }
            return text
        }
    }

    /// A socket file (not an abstract name: those have no file mode) that fits `sun_path`.
    static var socketPath: ConfigValue<String> {
        ConfigValue<String>(expected: "a socket file path of at most 107 bytes, such as \"/run/kioskd/control.sock\"") { value in
            guard case let .string(text) = value, (1...107).contains(text.utf8.count), !text.hasPrefix("@"),
                  !text.contains("\0"), !text.hasSuffix("/")
            else { return nil }
            return text
        }
    }

    /// An octal permission string such as "0660". Bits for others are refused: whoever can connect can
    /// put the kiosk out of service or mark refills.
    static var socketMode: ConfigValue<UInt32> {
        ConfigValue<UInt32>(expected: "an octal mode string without permissions for others, such as \"0660\"") { value in
            guard case let .string(text) = value, (3...4).contains(text.utf8.count),
                  text.allSatisfy({ ("0"..."7").contains($0) }), let mode = UInt32(text, radix: 8),
                  mode <= 0o777, mode & 0o007 == 0
            else { return nil }
            return mode
        }
    }

    static var groupName: ConfigValue<String> {
        ConfigValue<String>(expected: "a Unix group name such as \"kiosk-cashiers\"") { value in
            guard case let .string(text) = value, (1...32).contains(text.utf8.count),
                  let first = text.first, first.isASCII, first.isLowercase || first == "_",
                  text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") })
            else { return nil }
            return text
        }
    }
}
