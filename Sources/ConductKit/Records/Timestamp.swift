/// A moment with the writer's time-zone offset, as git keeps it.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int64
    /// Milliseconds within the second (0–999): ledger records order events closer than a second apart.
    public var milliseconds: Int
    public var offsetMinutes: Int32

    public init(seconds: Int64, milliseconds: Int = 0, offsetMinutes: Int32 = 0) {
        self.seconds = seconds
        self.milliseconds = max(0, min(999, milliseconds))
        self.offsetMinutes = offsetMinutes
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.milliseconds) < (rhs.seconds, rhs.milliseconds)
    }

    /// One millisecond later.
    public var next: Timestamp {
        milliseconds == 999 ? Timestamp(seconds: seconds + 1, milliseconds: 0, offsetMinutes: offsetMinutes)
            : Timestamp(seconds: seconds, milliseconds: milliseconds + 1, offsetMinutes: offsetMinutes)
    }

    /// ISO 8601 with the offset: `2025-02-07T10:00:00+01:00`.
    public var description: String {
        let local = seconds + Int64(offsetMinutes) * 60
        if let bytes = Timestamp.iso8601(local, milliseconds: milliseconds, offsetMinutes: offsetMinutes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        let (date, time) = Timestamp.civil(local)
        let offset = abs(Int(offsetMinutes))
        let zone = offsetMinutes == 0 ? "Z" : (offsetMinutes < 0 ? "-" : "+") + pad(offset / 60) + ":" + pad(offset % 60)
        let fraction = milliseconds == 0 ? "" : "." + String(String(1000 + milliseconds).dropFirst())
        return date + "T" + pad(time / 3600) + ":" + pad(time / 60 % 60) + ":" + pad(time % 60) + fraction + zone
    }

    /// The same text as `description`, digit by digit, for years 0 to 9999 (a status of a
    /// hundred thousand rows writes one per row); nil outside them.
    private static func iso8601(_ local: Int64, milliseconds: Int, offsetMinutes: Int32) -> [UInt8]? {
        let (year, month, day, time) = parts(local)
        guard (0...9999).contains(year) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(29)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(Int(year), 4); out.append(UInt8(ascii: "-")); digits(Int(month), 2); out.append(UInt8(ascii: "-")); digits(Int(day), 2)
        out.append(UInt8(ascii: "T")); digits(time / 3600, 2); out.append(UInt8(ascii: ":")); digits(time / 60 % 60, 2)
        out.append(UInt8(ascii: ":")); digits(time % 60, 2)
        if milliseconds != 0 { out.append(UInt8(ascii: ".")); digits(milliseconds, 3) }
        if offsetMinutes == 0 {
            out.append(UInt8(ascii: "Z"))
        } else {
            let offset = abs(Int(offsetMinutes))
            out.append(UInt8(ascii: offsetMinutes < 0 ? "-" : "+")); digits(offset / 60, 2); out.append(UInt8(ascii: ":")); digits(offset % 60, 2)
        }
        return out
    }

    /// The calendar day in the writer's zone: `2025-02-07`.
    public var day: String {
        Timestamp.civil(seconds + Int64(offsetMinutes) * 60).date
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Days since 1970 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func civil(_ seconds: Int64) -> (date: String, secondsOfDay: Int) {
        let (year, month, day, secondsOfDay) = parts(seconds)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.utf8.count)) + digits
        }
        return (pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2), secondsOfDay)
    }

    static func parts(_ seconds: Int64) -> (year: Int64, month: Int64, day: Int64, secondsOfDay: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondsOfDay = Int(seconds - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondsOfDay)
    }

    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD` (noon UTC, so the day is the same in every zone) or
    /// `YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)`.
    public init(parsing text: String) throws(ConductError) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        func at(_ index: Int, _ character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue
        }
        guard let year = number(0..<4), at(4, "-"), let month = number(5..<7), at(7, "-"), let day = number(8..<10),
              (1...12).contains(month), (1...31).contains(day) else { throw .invalidDate(text) }
        let dayStart = Timestamp.days(year: year, month: month, day: day) * 86_400
        guard Timestamp.civil(dayStart).date == String(decoding: bytes[0..<10], as: UTF8.self) else { throw .invalidDate(text) }
        if bytes.count == 10 {
            self.init(seconds: dayStart + 12 * 3600)
            return
        }
        guard at(10, "T") || at(10, " "), let hour = number(11..<13), at(13, ":"), let minute = number(14..<16),
              hour < 24, minute < 60 else { throw .invalidDate(text) }
        var index = 16
        var second: Int64 = 0
        var millisecond: Int64 = 0
        if at(16, ":") {
            guard let value = number(17..<19), value < 61 else { throw .invalidDate(text) }
            second = value
            index = 19
            if at(19, ".") {
                var end = 20
                while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
                guard end > 20, let digits = number(20..<min(end, 23)) else { throw .invalidDate(text) }
                millisecond = digits * [100, 10, 1][min(end, 23) - 21]
                index = end
            }
        }
        var offset: Int64 = 0
        if at(index, "Z") && bytes.count == index + 1 {
            offset = 0
        } else if (at(index, "+") || at(index, "-")), bytes.count == index + 6, at(index + 3, ":"),
                  let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6), hours < 24, minutes < 60 {
            offset = (hours * 60 + minutes) * (at(index, "-") ? -1 : 1)
        } else {
            throw .invalidDate(text)
        }
        self.init(seconds: dayStart + hour * 3600 + minute * 60 + second - offset * 60, milliseconds: Int(millisecond),
                  offsetMinutes: Int32(offset))
    }
}
