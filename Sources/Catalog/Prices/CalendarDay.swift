/// Whole days between `YYYY-MM-DD` dates, without clocks, time zones or Foundation calendars, so that
/// staleness checks are exact and deterministic for a fixed build date.
public enum CalendarDay {
    /// Days since 1970-01-01 of a proleptic Gregorian date written `YYYY-MM-DD`, or nil when malformed.
    public static func number(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        // Howard Hinnant's days-from-civil: years start in March so the leap day falls last.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Days from `earlier` to `later` (negative when `later` comes first), or nil when either is malformed.
    public static func days(from earlier: String, to later: String) -> Int? {
        guard let a = number(earlier), let b = number(later) else { return nil }
        return b - a
    }
}
