import Basics
import Catalog

/// A price's age on the build's day and whether it is stale: the one rule and the one wording of a
/// price's date for every front end (pages' cost, hardware and breakeven blocks, sizing reports).
/// Stale means older than `PriceList.defaultMaxAgeDays`, the limit `prices check` warns at. It only
/// words a date; it never reads the clock (callers pass "today", fixed by `SOURCE_DATE_EPOCH`).
package struct PriceAge: Sendable, Equatable {
    /// The price's date, `YYYY-MM-DD`.
    package var date: String
    /// Whole days from `date` to the build's day, never negative.
    package var days: Int

    package init(date: String, days: Int) {
        self.date = date
        self.days = days
    }

    /// The age of a price dated `date` on `today`; nil when either is not a date or `date` is later.
    package init?(date: String, today: String) {
        guard let days = CalendarDay.days(from: date, to: today), days >= 0 else { return nil }
        self.init(date: date, days: days)
    }

    package var isStale: Bool { days > PriceList.defaultMaxAgeDays }

    /// "2026-11-29 (6 days old)", "2025-03-16 (629 days old, stale)", "2026-12-05 (today)".
    package var text: String {
        let age = days == 0 ? "today" : NumberText.count(days, "day") + " old"
        return "\(date) (\(age)\(isStale ? ", stale" : ""))"
    }

    /// `text` for a date on `today`, or the date alone when it has no age (undated or in the future).
    package static func dated(_ date: String, today: String) -> String {
        PriceAge(date: date, today: today)?.text ?? date
    }
}
