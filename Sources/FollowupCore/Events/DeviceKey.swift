import Crypto
import Foundation

/// A device's Ed25519 signing key; its public half identifies the device.
public struct DeviceKey {
    let privateKey: Curve25519.Signing.PrivateKey

    public init() { privateKey = Curve25519.Signing.PrivateKey() }

    public init(rawRepresentation: Data) throws {
        privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    public var rawRepresentation: Data { privateKey.rawRepresentation }

    public var publicKeyBase64: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// The device id: the first 64 bits of the public key's SHA-256, in hex.
    public var deviceID: String { DeviceKey.deviceID(publicKey: privateKey.publicKey.rawRepresentation) }

    public static func deviceID(publicKey: Data) -> String {
        String(SHA256.hash(data: publicKey).hexString.prefix(deviceIDLength))
    }

    /// Whether `text` has the form of a device id: 16 lowercase hex digits. Event lines and the
    /// synced layout's directories name devices this way.
    public static func isDeviceID(_ text: some StringProtocol) -> Bool { Event.isHex(text, count: deviceIDLength) }

    private static let deviceIDLength = 16

    /// Fills in `event.signature` for the event's canonical unsigned line.
    public func sign(_ event: inout Event) throws {
        event.signature = try privateKey.signature(for: Data(event.unsignedLine.utf8)).base64EncodedString()
    }

    /// Whether `event` was signed by the holder of `publicKey` (base64).
    public static func verify(_ event: Event, publicKey: String, unsignedLine: String? = nil) -> Bool {
        guard let keyData = Data(base64Encoded: publicKey),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData),
              let signature = Data(base64Encoded: event.signature) else { return false }
        return key.isValidSignature(signature, for: Data((unsignedLine ?? event.unsignedLine).utf8))
    }
}
