import Basics
import Catalog

/// A price's age on the build's day and whether it is stale: the one rule and the one wording of a
/// price's date for every front end (pages' cost, hardware and breakeven blocks, sizing reports).
/// Stale means older than `PriceList.defaultMaxAgeDays`, the limit `prices check` warns at. It only
/// words a date; it never reads the clock (callers pass "today", fixed by `SOURCE_DATE_EPOCH`).
public struct PriceAge: Sendable, Equatable {
    /// The price's date, `YYYY-MM-DD`.
    public var date: String
    /// Whole days from `date` to the build's day, never negative.
    public var days: Int

    public init(date: String, days: Int) {
        self.date = date
        self.days = days
    }

    /// The age of a price dated `date` on `today`; nil when either is not a date or `date` is later.
    public init?(date: String, today: String) {
        guard let days = CalendarDay.days(from: date, to: today), days >= 0 else { return nil }
        self.init(date: date, days: days)
    }

    public var isStale: Bool { days > PriceList.defaultMaxAgeDays }

    /// "2026-11-29 (6 days old)", "2025-03-16 (629 days old, stale)", "2026-12-05 (today)".
    public var text: String {
        let age = days == 0 ? "today" : NumberText.count(days, "day") + " old"
        return "\(date) (\(age)\(isStale ? ", stale" : ""))"
    }

    /// `text` for a date on `today`, or the date alone when it has no age (undated or in the future).
    public static func dated(_ date: String, today: String) -> String {
        PriceAge(date: date, today: today)?.text ?? date
    }
}
