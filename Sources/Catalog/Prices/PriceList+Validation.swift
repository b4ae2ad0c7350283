import Basics

/// Checks of a loaded `PriceList` that need something from outside the file: the catalog's GPU and
/// system ids, and today's date for staleness. Returns diagnostics; never throws and never edits.
extension PriceList {
    /// Prices older than this many days before the build date draw a warning unless told otherwise.
    package static let defaultMaxAgeDays = 180

    /// Problems found by comparing the file with the catalog ids and with `today` (`YYYY-MM-DD`):
    /// unknown GPU or system ids (errors, with the nearest names), prices older than `maxAgeDays`
    /// (one warning per entry, naming each stale tier and its date), and catalog GPUs or tiers the file
    /// does not price (notes).
    package func validate(gpuIDs: [String], systemIDs: [String], today: String, maxAgeDays: Int = defaultMaxAgeDays) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let fileStart = SourceLocation(file: file, line: 1, column: 1)
        for entry in gpuHourly where !gpuIDs.contains(entry.gpu) {
            problems.append(.error(at: entry.location ?? fileStart, "unknown GPU '\(entry.gpu)' in gpu_hourly" + NearestNames.hint(entry.gpu, among: gpuIDs)))
        }
        for entry in purchase where !systemIDs.contains(entry.system) {
            problems.append(.error(at: entry.location ?? fileStart, "unknown system '\(entry.system)' in purchase" + NearestNames.hint(entry.system, among: systemIDs)))
        }
        for entry in gpuHourly where entry.unavailable == nil {
            let missing = PricingTier.allCases.filter { entry.tiers[$0] == nil }.map(\.rawValue)
            if !missing.isEmpty {
                problems.append(Diagnostic(.note, at: entry.location ?? fileStart,
                                           "'\(entry.gpu)' has no \(missing.joined(separator: ", ")) price; blocks asking for \(missing.count == 1 ? "that tier" : "those tiers") on it will fail"))
            }
        }
        let priced = Set(gpuHourly.map(\.gpu))
        for gpu in gpuIDs where !priced.contains(gpu) {
            problems.append(Diagnostic(.note, at: fileStart, "catalog GPU '\(gpu)' has no entry in gpu_hourly"))
        }
        problems += staleness(today: today, maxAgeDays: maxAgeDays)
        return problems
    }

    /// One warning per entry whose prices are older than `maxAgeDays` before `today`.
    package func staleness(today: String, maxAgeDays: Int = defaultMaxAgeDays) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let fileStart = SourceLocation(file: file, line: 1, column: 1)
        func age(_ date: String?) -> Int? {
            guard let date, let days = CalendarDay.days(from: date, to: today), days > maxAgeDays else { return nil }
            return days
        }
        for entry in gpuHourly {
            var stale: [String] = []
            for tier in PricingTier.allCases {
                guard let quote = entry.tiers[tier] else { continue }
                let date = dateOf(quote, entryDate: entry.date, entrySource: entry.source)
                if let days = age(date) { stale.append("\(tier.rawValue) (\(date!), \(days) days)") }
            }
            if !stale.isEmpty {
                warnings.append(.warning(at: entry.location ?? fileStart,
                                         "prices of '\(entry.gpu)' are older than \(maxAgeDays) days before \(today): \(stale.joined(separator: ", "))"))
            }
        }
        for entry in purchase {
            let date = dateOf(entry.quote, entryDate: nil, entrySource: entry.source)
            if let days = age(date) {
                warnings.append(.warning(at: entry.location ?? fileStart,
                                         "the purchase price of '\(entry.system)' is dated \(date!), \(days) days before \(today) (older than \(maxAgeDays) days)"))
            }
        }
        return warnings
    }

    /// The date a quote holds for: its own date, else its entry's, else its source's publication or retrieval date.
    package func dateOf(_ quote: QuotedPrice, entryDate: String?, entrySource: String?) -> String? {
        if let date = quote.date ?? entryDate { return date }
        guard let id = quote.source ?? entrySource else { return nil }
        return source(id)?.effectiveDate
    }
}

// MARK: - The price rule

extension PriceList {
    /// The largest price or operations value accepted, in USD: a trillion, far above anything hardware
    /// or hours cost, far below where a cost computed from it (× hours × GPUs × months) could overflow.
    package static let largestPriceUSD = 1e12

    static let tooLarge = "is too large (at most 1,000,000,000,000; costs computed from it could overflow)"

    /// What is wrong with a price, or nil: the one rule the prices file and the CSV import share.
    static func priceProblem(_ amount: Double) -> String? {
        if !(amount > 0) { return "must be greater than zero" }
        if amount > largestPriceUSD { return tooLarge }
        return nil
    }
}
