import Basics
import Catalog
import Foundation

/// "Today" for every command, in one place: the day of `SOURCE_DATE_EPOCH` when it is set (so builds
/// are reproducible), else of the clock, in UTC, written `YYYY-MM-DD`. It decides which prices are
/// stale and which price dates are in the future; it never appears in the output.
///
/// A `SOURCE_DATE_EPOCH` that is not whole seconds since 1970 (`abc`, `1e20`, `-5`, empty) is refused
/// with a message, never ignored: a build that silently fell back to the clock would not be reproducible.
enum BuildDate {
    /// The last second of the year 9999, the latest day a `YYYY-MM-DD` date can name.
    static let latestEpochSeconds = 253_402_300_799

    static func today(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        guard let text = environment["SOURCE_DATE_EPOCH"] else {
            return CalendarDay.text(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int(text), seconds <= latestEpochSeconds else {
            throw CommandLineInput("SOURCE_DATE_EPOCH", "expected whole seconds since 1970-01-01 UTC, as 'date +%s' prints "
                                   + "(at most \(latestEpochSeconds), the end of 9999), found '\(text)'")
        }
        return CalendarDay.text(seconds / 86_400)
    }
}
