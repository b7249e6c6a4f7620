import Foundation
import Glibc

extension KioskConfig {
    /// `sync`: `server_url` (http or https; production runs behind a TLS reverse proxy), the kiosk's secret as
    /// `secret_file` (a file of hex digits, mode 0600 or stricter) or `secret_hex`, the local
    /// `approver_keys_file` (wins over keys the server sends), `push_interval_seconds` (default 10),
    /// `pull_interval_seconds` (default 60), `max_voucher_age_seconds` (default 86400: older voucher lists pay
    /// nothing) and `unbound_vouchers` ("refuse", the default, or "claim_online").
    public struct Sync: Sendable, Equatable {
        public enum UnboundVouchers: String, Sendable, Equatable, CaseIterable {
            case refuse
            case claimOnline = "claim_online"
        }

        public var serverURL: URL
        public var secret: [UInt8]
        public var approverKeysFile: String?
        public var pushIntervalSeconds: Int
        public var pullIntervalSeconds: Int
        public var maxVoucherAgeSeconds: Int
        public var unboundVouchers: UnboundVouchers

        public static let minimumSecretBytes = 32

        public init(serverURL: URL, secret: [UInt8], approverKeysFile: String? = nil, pushIntervalSeconds: Int = 10,
                    pullIntervalSeconds: Int = 60, maxVoucherAgeSeconds: Int = 86_400, unboundVouchers: UnboundVouchers = .refuse) {
            self.serverURL = serverURL
            self.secret = secret
            self.approverKeysFile = approverKeysFile
            self.pushIntervalSeconds = pushIntervalSeconds
            self.pullIntervalSeconds = pullIntervalSeconds
            self.maxVoucherAgeSeconds = maxVoucherAgeSeconds
            self.unboundVouchers = unboundVouchers
        }

        static let keys = ["server_url", "secret_file", "secret_hex", "approver_keys_file", "push_interval_seconds",
                           "pull_interval_seconds", "max_voucher_age_seconds", "unbound_vouchers"]
    }

    /// nil when invalid, `.some(nil)` when absent.
    static func readSync(_ field: ConfigField<ConfigObject>) -> Sync?? {
        switch field {
        case .absent: return .some(nil)
        case .invalid: return nil
        case let .present(object):
            let url = object.required("server_url", .serverURL)
            let secret = readSecret(object)
            let keys = object.optional("approver_keys_file", .path("a JSON file of approver public keys")).optionalValue
            let push = object.optional("push_interval_seconds", .integer(in: 1...3_600, "whole seconds 1…3600")).or(10)
            let pull = object.optional("pull_interval_seconds", .integer(in: 1...3_600, "whole seconds 1…3600")).or(60)
            let age = object.optional("max_voucher_age_seconds", .integer(in: 60...2_592_000, "whole seconds 60…2592000")).or(86_400)
            let unbound = object.optional("unbound_vouchers", .unboundVouchers).or(.refuse)
            guard let url, let secret, let keys, let push, let pull, let age, let unbound else { return nil }
            return .some(Sync(serverURL: url, secret: secret, approverKeysFile: keys, pushIntervalSeconds: push,
                              pullIntervalSeconds: pull, maxVoucherAgeSeconds: age, unboundVouchers: unbound))
        }
    }

    private static func readSecret(_ object: ConfigObject) -> [UInt8]? {
        let hexExpected = "at least \(Sync.minimumSecretBytes * 2) hex digits (`openssl rand -hex 32`)"
        switch (object.has("secret_file"), object.has("secret_hex")) {
        case (true, true):
            object.report("secret_hex", "expected either secret_file or secret_hex, found both")
            return nil
        case (false, false):
            object.report("secret_file", "missing; expected secret_file (a file of \(hexExpected), mode 0600) or secret_hex")
            return nil
        case (false, true):
            // The value is never echoed in a message: it is (most of) a secret.
            guard let text = object.required("secret_hex", ConfigValue<String>(expected: hexExpected) { value in
                if case let .string(text) = value { return text }
                return nil
            }) else { return nil }
            guard let bytes = secretBytes(text) else {
                object.report("secret_hex", "expected \(hexExpected), found \(text.utf8.count) characters that are not")
                return nil
            }
            return bytes
        case (true, false):
            guard let path = object.required("secret_file", .path("a file holding the kiosk's secret")) else { return nil }
            var info = stat()
            guard stat(path, &info) == 0, let data = FileManager.default.contents(atPath: path) else {
                object.report("secret_file", "expected a readable file of \(hexExpected), found none at \(path)")
                return nil
            }
            // Whoever can read the secret can sign as this kiosk.
            let mode = UInt32(info.st_mode) & 0o777
            guard mode & 0o077 == 0 else {
                object.report("secret_file", "expected mode 0600 or stricter (readable by kioskd only), found \(String(format: "%04o", mode)) on \(path)")
                return nil
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let bytes = secretBytes(text) else {
                object.report("secret_file", "expected \(hexExpected) in \(path), found \(text.utf8.count) characters that are not")
                return nil
            }
            return bytes
        }
    }

    private static func secretBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= Sync.minimumSecretBytes * 2, utf8.count % 2 == 0, text.allSatisfy(\.isHexDigit) else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < utf8.count {
            guard let byte = UInt8(String(decoding: utf8[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }
}

extension ConfigValue {
    static var serverURL: ConfigValue<URL> {
        ConfigValue<URL>(expected: "an http:// or https:// URL of the town server such as \"https://town.example\"") { value in
            guard case let .string(text) = value, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty, url.query == nil
            else { return nil }
            return url
        }
    }

    static var unboundVouchers: ConfigValue<KioskConfig.Sync.UnboundVouchers> {
        ConfigValue<KioskConfig.Sync.UnboundVouchers>(expected: "\"refuse\" or \"claim_online\"") { value in
            guard case let .string(text) = value else { return nil }
            return KioskConfig.Sync.UnboundVouchers(rawValue: text)
        }
    }
}
