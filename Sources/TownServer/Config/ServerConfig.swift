import Foundation
import SyncProtocol
import TownCore

/// town-server's one JSON configuration file, validated whole at start.
///
/// ```json
/// { "listen": {"host": "127.0.0.1", "port": 8090},
///   "database": "/var/lib/town-server/town.sqlite",
///   "timestamp_window_seconds": 300,
///   "voucher_list_maximum_age_seconds": 86400,
///   "kiosks": [{"id": "K01", "secret_hex": "<64+ hex digits>", "voucher_policy": "bound_only"}],
///   "econ_clients": [{"id": "econ", "secret_hex": "<64+ hex digits>"}],
///   "approver_keys": [{"id": "starosta", "name": "…", "roles": ["prikazceOperace"], "public_key_pem": "-----BEGIN PUBLIC KEY-----…"}] }
/// ```
public struct ServerConfig: Sendable {
    public struct Kiosk: Sendable, Hashable {
        public var id: String
        public var secret: [UInt8]
        public var voucherPolicy: VoucherPolicy

        public init(id: String, secret: [UInt8], voucherPolicy: VoucherPolicy) {
            self.id = id
            self.secret = secret
            self.voucherPolicy = voucherPolicy
        }
    }

    public struct EconClient: Sendable, Hashable {
        public var id: String
        public var secret: [UInt8]

        public init(id: String, secret: [UInt8]) {
            self.id = id
            self.secret = secret
        }
    }

    public var host: String
    public var port: Int
    public var databasePath: String
    public var timestampWindowMilliseconds: Int64
    public var voucherListMaximumAgeSeconds: Int
    public var kiosks: [Kiosk]
    public var econClients: [EconClient]
    public var approverKeys: [ApproverKeyEntry]

    public init(host: String = "127.0.0.1", port: Int = 8090, databasePath: String,
                timestampWindowMilliseconds: Int64 = RequestAuthenticator.defaultWindowMilliseconds,
                voucherListMaximumAgeSeconds: Int = 86_400, kiosks: [Kiosk], econClients: [EconClient],
                approverKeys: [ApproverKeyEntry] = []) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.timestampWindowMilliseconds = timestampWindowMilliseconds
        self.voucherListMaximumAgeSeconds = voucherListMaximumAgeSeconds
        self.kiosks = kiosks
        self.econClients = econClients
        self.approverKeys = approverKeys
    }

    public func kiosk(_ id: String) -> Kiosk? { kiosks.first { $0.id == id } }
    public func econClient(_ id: String) -> EconClient? { econClients.first { $0.id == id } }

    /// What the server pushes to `kiosk` in `config` deltas.
    public func syncConfig(for kiosk: Kiosk) -> KioskSyncConfig {
        KioskSyncConfig(approverKeys: approverKeys, voucherPolicy: kiosk.voucherPolicy,
                        voucherListMaximumAgeSeconds: voucherListMaximumAgeSeconds)
    }

    // MARK: Loading

    public static func load(path: String) throws(ServerConfigError) -> ServerConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerConfigError(key: "", message: "expected a readable JSON file at \(path), found none")
        }
        return try decode(Array(data))
    }

    private static let topLevelKeys: Set<String> = [
        "listen", "database", "timestamp_window_seconds", "voucher_list_maximum_age_seconds", "kiosks", "econ_clients", "approver_keys",
    ]

    public static func decode(_ bytes: [UInt8]) throws(ServerConfigError) -> ServerConfig {
        let file: File
        do {
            file = try WireJSON.decode(File.self, from: bytes)
        } catch {
            throw ServerConfigError(key: error.path, message: error.message)
        }
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
           let unknown = object.keys.filter({ !topLevelKeys.contains($0) }).sorted().first {
            throw ServerConfigError(key: unknown, message: "expected one of \(topLevelKeys.sorted().joined(separator: ", ")), found an unknown key")
        }
        return try file.validated()
    }

    private struct File: Decodable {
        struct Listen: Decodable { var host: String?; var port: Int? }
        struct KioskEntry: Decodable {
            var id: String
            var secretHex: String
            var voucherPolicy: VoucherPolicy?
            enum CodingKeys: String, CodingKey { case id, secretHex = "secret_hex", voucherPolicy = "voucher_policy" }
        }
        struct ClientEntry: Decodable {
            var id: String
            var secretHex: String
            enum CodingKeys: String, CodingKey { case id, secretHex = "secret_hex" }
        }
        var listen: Listen?
        var database: String
        var timestampWindowSeconds: Int?
        var voucherListMaximumAgeSeconds: Int?
        var kiosks: [KioskEntry]
        var econClients: [ClientEntry]
        var approverKeys: [ApproverKeyEntry]?

        enum CodingKeys: String, CodingKey {
            case listen, database, kiosks
            case timestampWindowSeconds = "timestamp_window_seconds"
            case voucherListMaximumAgeSeconds = "voucher_list_maximum_age_seconds"
            case econClients = "econ_clients", approverKeys = "approver_keys"
        }

        func validated() throws(ServerConfigError) -> ServerConfig {
            let host = listen?.host ?? "127.0.0.1"
            guard !host.isEmpty else { throw ServerConfigError(key: "listen.host", message: "expected a host name or address, found an empty one") }
            let port = listen?.port ?? 8090
            guard (0...65_535).contains(port) else { throw ServerConfigError(key: "listen.port", message: "expected 0–65535, found \(port)") }
            guard !database.isEmpty else { throw ServerConfigError(key: "database", message: "expected a database file path, found an empty one") }
            let window = timestampWindowSeconds ?? 300
            guard (10...3_600).contains(window) else {
                throw ServerConfigError(key: "timestamp_window_seconds", message: "expected 10–3600 seconds, found \(window)")
            }
            let maximumAge = voucherListMaximumAgeSeconds ?? 86_400
            guard (60...(30 * 86_400)).contains(maximumAge) else {
                throw ServerConfigError(key: "voucher_list_maximum_age_seconds", message: "expected 60–2592000 seconds, found \(maximumAge)")
            }
            guard !kiosks.isEmpty else { throw ServerConfigError(key: "kiosks", message: "expected at least one kiosk, found none") }
            var parsedKiosks: [Kiosk] = []
            for (index, entry) in kiosks.enumerated() {
                let key = "kiosks[\(index)]"
                guard (try? KioskCode(entry.id)) != nil else {
                    throw ServerConfigError(key: key + ".id", message: "expected a kiosk code such as K01, found \(ByteText.preview(entry.id))")
                }
                guard !parsedKiosks.contains(where: { $0.id == entry.id }) else {
                    throw ServerConfigError(key: key + ".id", message: "expected unique kiosk ids, found \(entry.id) twice")
                }
                parsedKiosks.append(Kiosk(id: entry.id, secret: try Self.secret(entry.secretHex, key: key + ".secret_hex"),
                                          voucherPolicy: entry.voucherPolicy ?? .boundOnly))
            }
            var clients: [EconClient] = []
            for (index, entry) in econClients.enumerated() {
                let key = "econ_clients[\(index)]"
                guard !entry.id.isEmpty, entry.id.utf8.count <= 64 else {
                    throw ServerConfigError(key: key + ".id", message: "expected an id of 1–64 bytes, found \(ByteText.preview(entry.id))")
                }
                guard !clients.contains(where: { $0.id == entry.id }) else {
                    throw ServerConfigError(key: key + ".id", message: "expected unique client ids, found \(entry.id) twice")
                }
                clients.append(EconClient(id: entry.id, secret: try Self.secret(entry.secretHex, key: key + ".secret_hex")))
            }
            let keys = approverKeys ?? []
            for (index, entry) in keys.enumerated() {
                let key = "approver_keys[\(index)]"
                guard !entry.id.isEmpty else { throw ServerConfigError(key: key + ".id", message: "expected an approver id, found an empty one") }
                for role in entry.roles where ApprovalRole(rawValue: role) == nil {
                    throw ServerConfigError(key: key + ".roles", message: "expected roles from \(ApprovalRole.allCases.map(\.rawValue).joined(separator: ", ")), found \(ByteText.preview(role))")
                }
                guard entry.publicKeyPEM.contains("-----BEGIN PUBLIC KEY-----") else {
                    throw ServerConfigError(key: key + ".public_key_pem", message: "expected a PEM public key (-----BEGIN PUBLIC KEY-----), found something else")
                }
            }
            return ServerConfig(host: host, port: port, databasePath: database, timestampWindowMilliseconds: Int64(window) * 1_000,
                                voucherListMaximumAgeSeconds: maximumAge, kiosks: parsedKiosks, econClients: clients, approverKeys: keys)
        }

        static func secret(_ hex: String, key: String) throws(ServerConfigError) -> [UInt8] {
            guard let bytes = ByteText.bytes(fromHex: hex), bytes.count >= RequestSigner.minimumSecretBytes else {
                throw ServerConfigError(key: key, message: "expected at least \(RequestSigner.minimumSecretBytes * 2) hex digits "
                    + "(\(RequestSigner.minimumSecretBytes) random bytes, e.g. `openssl rand -hex 32`), found \(hex.utf8.count) characters")
            }
            return bytes
        }
    }
}

/// A configuration problem, naming the key.
public struct ServerConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public let key: String
    public let message: String
    public var description: String { key.isEmpty ? "config: \(message)" : "config key \(key): \(message)" }
}
