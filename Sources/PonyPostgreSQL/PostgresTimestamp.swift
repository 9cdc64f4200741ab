import Foundation

/// `timestamptz` text, both ways: what Pony sends (`2026-12-03 07:39:46.123456+00`) and what the server prints
/// in its default ISO date style, with any UTC offset (`2026-12-03 09:39:46.5+02`, `… +05:30`).
///
/// Dates are computed with the proleptic Gregorian calendar in integer arithmetic (Howard Hinnant's
/// days-from-civil), not `Calendar`, which would cost microseconds per value.
enum PostgresTimestamp {
    /// The text for `date`, rounded to the microsecond PostgreSQL keeps.
    static func text(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return seconds > 0 ? "infinity" : "-infinity" }
        let micros = Int64((seconds * 1_000_000).rounded())
        var wholeSeconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            wholeSeconds -= 1
        }
        var days = wholeSeconds / 86_400
        var secondOfDay = wholeSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fractionText = String(fraction + 1_000_000).dropFirst()
        let shownYear = year < 1 ? 1 - year : year
        let yearText = shownYear < 1000 ? String(String(shownYear + 10_000).dropFirst()) : "\(shownYear)"
        return "\(yearText)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)).\(fractionText)+00"
            + (year < 1 ? " BC" : "")
    }

    /// Seconds since 1970 for the server's text; nil when it is not an ISO timestamp.
    static func seconds(_ text: UnsafePointer<CChar>, length: Int) -> Double? {
        let bytes = UnsafeRawBufferPointer(start: text, count: length).bindMemory(to: UInt8.self)
        if length == 8, String(decoding: bytes, as: UTF8.self) == "infinity" { return .infinity }
        if length == 9, String(decoding: bytes, as: UTF8.self) == "-infinity" { return -.infinity }
        var index = 0
        func number(digits minimum: Int, maximum: Int = Int.max) -> Int64? {
            var value: Int64 = 0
            var count = 0
            while index < bytes.count, count < maximum, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int64(bytes[index] - 0x30)
                index += 1
                count += 1
            }
            return count >= minimum ? value : nil
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue! else { return false }
            index += 1
            return true
        }
        guard let year = number(digits: 4), expect("-"), let month = number(digits: 2, maximum: 2), expect("-"),
              let day = number(digits: 2, maximum: 2), expect(" "), let hour = number(digits: 2, maximum: 2), expect(":"),
              let minute = number(digits: 2, maximum: 2), expect(":"), let second = number(digits: 2, maximum: 2)
        else { return nil }
        var micros: Int64 = 0
        if expect(".") {
            let start = index
            guard let fraction = number(digits: 1, maximum: 6) else { return nil }
            micros = fraction
            for _ in 0..<(6 - (index - start)) { micros *= 10 }
        }
        var offset: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = number(digits: 2, maximum: 2) else { return nil }
            var minutes: Int64 = 0
            var seconds: Int64 = 0
            if expect(":") { minutes = number(digits: 2, maximum: 2) ?? 0 }
            if expect(":") { seconds = number(digits: 2, maximum: 2) ?? 0 }
            offset = sign * (hours * 3600 + minutes * 60 + seconds)
        }
        var civilYear = year
        if index < bytes.count {
            guard String(decoding: bytes[index...], as: UTF8.self) == " BC" else { return nil }
            civilYear = 1 - year
        }
        let days = daysFromCivil(year: civilYear, month: month, day: day)
        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Double(whole) + Double(micros) / 1_000_000
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day since 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
