/// Overflow-checked arithmetic on the whole numbers the engine counts: bytes, tokens, parameters,
/// users, GPUs. Every product, sum and rounding of such a count goes through here, so an input too
/// large to count (`users: 1T` at a long context) becomes an error that names what overflowed,
/// never a trap and never a wrapped-around number.
///
/// Owns the limit (a count is an `Int`, at most 2⁶³ − 1) and the sentence that explains it. Knows
/// nothing of where the numbers came from: callers turn `CountOverflow` into an error at the input's
/// position (`SizingError.tooLarge` in Sizing, a diagnostic in a reader).
package enum CheckedCount {
    /// The largest count, shown in messages: 9,223,372,036,854,775,807.
    package static let limitText = "9,223,372,036,854,775,807"

    /// `factors` multiplied, or an overflow naming `what` was being counted.
    package static func product(_ factors: Int..., what: String) throws(CountOverflow) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw CountOverflow(what: what) }
            result = next
        }
        return result
    }

    /// `terms` added, or an overflow naming `what` was being counted.
    package static func sum(_ terms: Int..., what: String) throws(CountOverflow) -> Int {
        var result = 0
        for term in terms {
            let (next, overflow) = result.addingReportingOverflow(term)
            guard !overflow else { throw CountOverflow(what: what) }
            result = next
        }
        return result
    }

    /// `value` rounded by `rule` (up by default: a fraction of a byte still takes a byte), or an
    /// overflow when it is not finite or does not fit a count.
    package static func rounded(_ value: Double, _ rule: FloatingPointRoundingRule = .up, what: String) throws(CountOverflow) -> Int {
        let whole = value.rounded(rule)
        // 2⁶³ is exactly representable; every double below it converts without trapping.
        guard whole.isFinite, whole < 9_223_372_036_854_775_808.0, whole >= -9_223_372_036_854_775_808.0 else {
            throw CountOverflow(what: what)
        }
        return Int(whole)
    }
}

/// A count that does not fit: what was being counted, for a message such as "the KV cache of all
/// users comes to more than 9,223,372,036,854,775,807 bytes".
package struct CountOverflow: Error, Sendable, Equatable, CustomStringConvertible {
    package var what: String

    package init(what: String) { self.what = what }

    package var description: String { "\(what) is too large to count (more than \(CheckedCount.limitText))" }
}
