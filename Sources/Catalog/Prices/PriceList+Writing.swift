/// Writing a `PriceList` back as YAML, in one fixed layout: the file's top comment first, then the
/// sections in schema order, entries in the order they were read, keys in a fixed order. The same list
/// always gives the same bytes, so an import changes only the lines whose prices moved.
/// Everything worth keeping lives in fields (`note`, `range`), never in comments between entries,
/// which are not kept.
extension PriceList {
    /// The file as YAML text, ending with a newline.
    package func yamlText() -> String {
        var out: [String] = headerComment
        if !out.isEmpty { out.append("") }
        out.append("as_of: \(asOf)")
        out.append("currency: \(currency)")
        out.append("")
        out.append("sources:")
        for source in sources {
            out.append("  - id: \(YAMLText.word(source.id))")
            out.append("    title: \(YAMLText.quoted(source.title))")
            out.append("    url: \(YAMLText.quoted(source.url))")
            out.append("    retrieved: \(source.retrieved)")
            if let published = source.published { out.append("    published: \(published)") }
            if let note = source.note { out.append("    note: \(YAMLText.quoted(note))") }
        }
        out.append("")
        out.append("gpu_hourly:                    # USD per GPU-hour")
        for entry in gpuHourly {
            out.append("  \(YAMLText.word(entry.gpu)):")
            if let source = entry.source { out.append("    source: \(YAMLText.word(source))") }
            if let date = entry.date { out.append("    date: \(date)") }
            for tier in PricingTier.allCases {
                guard let quote = entry.tiers[tier] else { continue }
                out.append("    \(tier.rawValue): \(YAMLText.quote(quote))")
            }
            if let unavailable = entry.unavailable { out.append("    unavailable: \(YAMLText.quoted(unavailable))") }
            if let note = entry.note { out.append("    note: \(YAMLText.quoted(note))") }
        }
        if !purchase.isEmpty {
            out.append("")
            out.append("purchase:                      # USD per node, capital")
            for entry in purchase {
                var quote = entry.quote
                if quote.source == nil { quote.source = entry.source }
                out.append("  \(YAMLText.word(entry.system)): \(YAMLText.quote(quote, alwaysMapping: true))")
            }
        }
        out.append("")
        out.append("operations:")
        for (key, path) in OperatingAssumptions.keys {
            out.append("  \(key): \(YAMLText.sourced(operations[keyPath: path]))")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// Small YAML spellings shared by the writer.
enum YAMLText {
    /// A number as short as it reads back exactly: `450000`, `2.99`, `0.128`.
    static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// A double-quoted string with `\` and `"` escaped.
    static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    /// An id bare when it is a plain word YAML reads back as text, quoted otherwise.
    static func word(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
            && text.first!.isLetter && !["true", "false", "yes", "no", "on", "off", "null"].contains(text.lowercased())
        return plain ? text : quoted(text)
    }

    static func range(_ range: ClosedRange<Double>) -> String {
        "[\(number(range.lowerBound)), \(number(range.upperBound))]"
    }

    /// A bare number, or `{ price: ..., source: ..., date: ..., range: [...], note: "..." }`.
    static func quote(_ quote: QuotedPrice, alwaysMapping: Bool = false) -> String {
        guard alwaysMapping || quote.hasDetails else { return number(quote.amountUSD) }
        var parts = ["price: \(number(quote.amountUSD))"]
        if let source = quote.source { parts.append("source: \(word(source))") }
        if let date = quote.date { parts.append("date: \(date)") }
        if let bounds = quote.rangeUSD { parts.append("range: \(range(bounds))") }
        if let note = quote.note { parts.append("note: \(quoted(note))") }
        return "{ " + parts.joined(separator: ", ") + " }"
    }

    /// A bare number, or `{ value: ..., source: ..., range: [...], note: "..." }`.
    static func sourced(_ value: SourcedValue) -> String {
        guard value.source != nil || value.range != nil || value.note != nil else { return number(value.value) }
        var parts = ["value: \(number(value.value))"]
        if let source = value.source { parts.append("source: \(word(source))") }
        if let bounds = value.range { parts.append("range: \(range(bounds))") }
        if let note = value.note { parts.append("note: \(quoted(note))") }
        return "{ " + parts.joined(separator: ", ") + " }"
    }
}
