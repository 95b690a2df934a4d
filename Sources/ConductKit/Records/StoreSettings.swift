/// The store's settings, as the latest `config` record for each key leaves them.
public struct StoreSettings: Sendable {
    public static let keys = ["attestation.max-age", "attestation.grace"]

    /// Attestations older than this are expired (after the grace period); nil: they never expire.
    public var maximumAge: Duration?
    public var grace: Duration?

    /// A whole number of days, weeks or hours, as written in a `config` record (`365d`).
    public struct Duration: Sendable, Equatable, CustomStringConvertible {
        public let seconds: Int64
        public let description: String

        public init(parsing text: String) throws(ConductError) {
            guard let unit = text.last, let count = Int64(text.dropLast()), count >= 0, count <= 100_000,
                  text.first?.isNumber == true else { throw .invalidDuration(text) }
            switch unit {
            case "h": seconds = count * 3_600
            case "d": seconds = count * 86_400
            case "w": seconds = count * 7 * 86_400
            default: throw .invalidDuration(text)
            }
            description = text
        }
    }

    static func fold(_ records: [Record]) -> StoreSettings {
        var settings = StoreSettings()
        for record in records where record.type == "config" {
            guard let key = record.value["key"]?.stringValue, let text = record.value["value"]?.stringValue else { continue }
            let duration = try? Duration(parsing: text)
            switch key {
            case "attestation.max-age": settings.maximumAge = duration.flatMap { $0.seconds > 0 ? $0 : nil }
            case "attestation.grace": settings.grace = duration.flatMap { $0.seconds > 0 ? $0 : nil }
            default: continue
            }
        }
        return settings
    }
}
