import Foundation

/// The price list as a person reads it (`infrabook prices show`): text tables with every price's
/// date and source, or one JSON object. Presentation only; nothing here changes or checks prices.
extension PriceList {
    /// Tables of GPU-hour prices by tier, node prices, operating assumptions and sources, as text.
    package func tableText() -> String {
        var out = "Prices as of \(asOf) (\(currency))\(file.isEmpty ? "" : ", from \(file)")\n\n"
        var rows: [[String]] = [["GPU", "spot", "on-demand", "reserved 1 y", "reserved 3 y", "sources (date)"]]
        for entry in gpuHourly {
            if let reason = entry.unavailable {
                rows.append([entry.gpu, "-", "-", "-", "-", "no public price: \(reason)"])
                continue
            }
            let cells = PricingTier.allCases.map { tier in entry.tiers[tier].map { Self.money($0.amountUSD, cents: true) } ?? "-" }
            rows.append([entry.gpu] + cells + [provenance(of: entry)])
        }
        out += "Cloud, USD per GPU-hour\n" + Self.columns(rows, rightAligned: 1...4) + "\n"
        if !purchase.isEmpty {
            var nodes: [[String]] = [["system", "price", "range", "source (date)"]]
            for entry in purchase {
                let date = dateOf(entry.quote, entryDate: nil, entrySource: entry.source) ?? "undated"
                let range = entry.quote.rangeUSD.map { "\(Self.money($0.lowerBound, cents: false))-\(Self.money($0.upperBound, cents: false))" } ?? ""
                nodes.append([entry.system, Self.money(entry.priceUSD, cents: false), range, "\(entry.sourceID ?? "?") (\(date))"])
            }
            out += "Purchase, USD per node\n" + Self.columns(nodes, rightAligned: 1...2) + "\n"
        }
        var assumptions: [[String]] = [["operations", "value", "source"]]
        for (key, path) in OperatingAssumptions.keys {
            let value = operations[keyPath: path]
            assumptions.append([key, YAMLText.number(value.value), value.source ?? (value.note.map { _ in "assumption" } ?? "")])
        }
        out += "Operations\n" + Self.columns(assumptions, rightAligned: 1...1) + "\n"
        out += "Sources\n"
        for source in sources {
            let dates = source.published.map { "published \($0), retrieved \(source.retrieved)" } ?? "retrieved \(source.retrieved), undated"
            out += "  \(source.id): \(source.title) (\(dates))\n    \(source.url)\n"
        }
        return out
    }

    /// The list as one JSON object with sorted keys: `as_of`, `currency`, `gpu_hourly` (tier →
    /// `{usd, source, date}`), `purchase`, `operations`, `sources`.
    package func jsonText() -> String {
        var gpus: [String: Any] = [:]
        for entry in gpuHourly {
            var object: [String: Any] = [:]
            if let reason = entry.unavailable { object["unavailable"] = reason }
            for (tier, quote) in entry.tiers {
                var price: [String: Any] = ["usd": quote.amountUSD]
                price["source"] = quote.source ?? entry.source
                price["date"] = dateOf(quote, entryDate: entry.date, entrySource: entry.source)
                if let range = quote.rangeUSD { price["range_usd"] = [range.lowerBound, range.upperBound] }
                object[tier.rawValue] = price
            }
            gpus[entry.gpu] = object
        }
        var nodes: [String: Any] = [:]
        for entry in purchase {
            var object: [String: Any] = ["usd": entry.priceUSD]
            object["source"] = entry.sourceID
            object["date"] = dateOf(entry.quote, entryDate: nil, entrySource: entry.source)
            if let range = entry.quote.rangeUSD { object["range_usd"] = [range.lowerBound, range.upperBound] }
            nodes[entry.system] = object
        }
        var assumptions: [String: Any] = [:]
        for (key, path) in OperatingAssumptions.keys {
            let value = operations[keyPath: path]
            var object: [String: Any] = ["value": value.value]
            object["source"] = value.source
            assumptions[key] = object
        }
        let sourceObjects: [[String: Any]] = sources.map { source in
            var object: [String: Any] = ["id": source.id, "title": source.title, "url": source.url, "retrieved": source.retrieved]
            object["published"] = source.published
            return object
        }
        let root: [String: Any] = ["as_of": asOf, "currency": currency, "gpu_hourly": gpus, "purchase": nodes,
                                   "operations": assumptions, "sources": sourceObjects]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// "techbytes-2026-05-07 (2026-05-07)", or several sources when tiers come from different ones.
    private func provenance(of entry: GPUHourlyPrice) -> String {
        var seen: [String] = []
        for tier in PricingTier.allCases {
            guard let quote = entry.tiers[tier] else { continue }
            let id = quote.source ?? entry.source ?? "?"
            let text = "\(id) (\(dateOf(quote, entryDate: entry.date, entrySource: entry.source) ?? "undated"))"
            if !seen.contains(text) { seen.append(text) }
        }
        return seen.joined(separator: "; ")
    }

    /// `1,234.56` with cents, `315,000` without.
    static func money(_ value: Double, cents: Bool) -> String {
        let scaled = cents ? (value * 100).rounded() : value.rounded()
        let whole = Int(cents ? (scaled / 100).rounded(.towardZero) : scaled)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        guard cents else { return grouped }
        let fraction = Int(scaled) % 100
        return grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// Rows padded into columns two spaces apart; columns in `rightAligned` are right-aligned.
    static func columns(_ rows: [[String]], rightAligned: ClosedRange<Int>) -> String {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                if index == row.count - 1 && !rightAligned.contains(index) { return cell }
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
