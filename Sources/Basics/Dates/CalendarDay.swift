/// Whole days between `YYYY-MM-DD` dates, without clocks, time zones or Foundation calendars, so that
/// staleness checks are exact and deterministic for a fixed build date.
package enum CalendarDay {
    /// Days since 1970-01-01 of a proleptic Gregorian date written `YYYY-MM-DD`, or nil when malformed
    /// or not a day of the calendar (`2026-02-30`, `2025-02-29`): the one rule every reader of dates
    /// (YAML files, CSV imports, `--today`) applies.
    package static func number(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        // Howard Hinnant's days-from-civil: years start in March so the leap day falls last.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ": February 2026 has 28 days" when `text` is well formed but names a day past its month's end,
    /// else nothing: the end of a message about a bad date.
    package static func whyNot(_ text: String) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day > daysIn(month: month, year: year) else { return "" }
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return ": \(names[month - 1]) \(year) has \(daysIn(month: month, year: year)) days"
    }

    /// Days in `month` (1...12) of `year`, leap years included.
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The `YYYY-MM-DD` text of a day number (the inverse of `number`).
    package static func text(_ dayNumber: Int) -> String {
        // Howard Hinnant's civil-from-days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// Days from `earlier` to `later` (negative when `later` comes first), or nil when either is malformed.
    package static func days(from earlier: String, to later: String) -> Int? {
        guard let a = number(earlier), let b = number(later) else { return nil }
        return b - a
    }
}
