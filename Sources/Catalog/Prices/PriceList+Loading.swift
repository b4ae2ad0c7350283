import Basics
import Foundation

/// Reading `prices.yaml` into a `PriceList`.
///
/// Every problem the file has on its own (a wrong type, an unknown key, a price that is zero or
/// negative, a source id that is not listed, a GPU without an on-demand price) is collected and thrown
/// together, each at `path:line:column`. Checks that need the catalog or today's date live in
/// `PriceList+Validation.swift`. Nothing here computes a cost.
extension PriceList {
    /// Reads and checks the prices file at `path`.
    package static func load(path: String) throws(Diagnostics) -> PriceList {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Diagnostics(.error(at: SourceLocation(file: path, line: 1, column: 1),
                                     "cannot read the prices file: \(error.localizedDescription)"))
        }
        return try parse(text, file: path)
    }

    /// Parses the text of a prices file; `file` names it in diagnostics.
    package static func parse(_ text: String, file: String) throws(Diagnostics) -> PriceList {
        let text = text.withUnixLineEndings
        let root = try YAMLNode.parse(text, file: file)
        var reader = PriceReader()
        let list = reader.read(root, file: file, headerComment: leadingComment(of: text))
        if reader.problems.hasErrors { throw Diagnostics(reader.problems) }
        return list
    }

    /// Every problem of the file at `path` at once: what `load` would throw, plus the catalog and
    /// staleness checks of `validate` on whatever could be read (so an unknown GPU id is reported
    /// even when another entry has a negative price). `gpuIDs`/`systemIDs` nil skips the id checks.
    package static func check(path: String, gpuIDs: [String]?, systemIDs: [String]?, today: String,
                             maxAgeDays: Int = defaultMaxAgeDays) -> (list: PriceList?, problems: [Diagnostic]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8).withUnixLineEndings
        } catch {
            return (nil, [.error(at: SourceLocation(file: path, line: 1, column: 1), "cannot read the prices file: \(error.localizedDescription)")])
        }
        let root: YAMLNode
        do {
            root = try YAMLNode.parse(text, file: path)
        } catch {
            return (nil, error.items)
        }
        var reader = PriceReader()
        let list = reader.read(root, file: path, headerComment: leadingComment(of: text))
        var problems = reader.problems
        if let gpuIDs, let systemIDs {
            problems += list.validate(gpuIDs: gpuIDs, systemIDs: systemIDs, today: today, maxAgeDays: maxAgeDays)
        } else {
            problems += list.staleness(today: today, maxAgeDays: maxAgeDays)
        }
        return (list, problems)
    }

    /// The `#` lines at the very top of a file, as written (blank lines between them kept).
    static func leadingComment(of text: String) -> [String] {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("#") || (trimmed.isEmpty && !lines.isEmpty) else { break }
            lines.append(String(line))
        }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines
    }
}

/// The keys each part of the file may contain.
enum PriceKeys {
    static let top = ["as_of", "currency", "sources", "gpu_hourly", "purchase", "operations"]
    static let source = ["id", "title", "url", "retrieved", "published", "note"]
    static let gpu = PricingTier.allCases.map(\.rawValue) + ["source", "date", "note", "unavailable"]
    static let quote = ["price", "source", "date", "range", "note"]
    static let operation = ["value", "source", "range", "note"]
    static let requiredOperations = ["power_usd_per_kwh", "pue", "staff_usd_per_year", "staff_count", "depreciation_years"]
}

/// Walks the YAML tree, collecting every problem instead of stopping at the first.
struct PriceReader {
    var problems: [Diagnostic] = []
    /// Source ids named by prices, checked once the whole file is read.
    private var sourceReferences: [(id: String, location: SourceLocation)] = []

    mutating func attempt<T>(_ body: () throws(Diagnostic) -> T) -> T? {
        do { return try body() } catch { problems.append(error); return nil }
    }

    mutating func read(_ root: YAMLNode, file: String, headerComment: [String]) -> PriceList {
        var list = PriceList(asOf: "", headerComment: headerComment, file: file)
        guard let top = attempt({ () throws(Diagnostic) in try root.mapping("a mapping with as_of, currency, sources and gpu_hourly") }) else {
            return list
        }
        problems += top.unknownKeys(allowed: PriceKeys.top, in: "the prices file")
        list.asOf = attempt { () throws(Diagnostic) in try top.required("as_of", in: "the prices file").date() } ?? ""
        if let currency = attempt({ () throws(Diagnostic) in try top.required("currency", in: "the prices file").string() }) {
            list.currency = currency
            if currency != "USD", let node = top["currency"] {
                problems.append(.error(at: node.location, "currency '\(currency)' is not supported; the cost engine computes in USD"))
            }
        }
        if let node = attempt({ () throws(Diagnostic) in try top.required("sources", in: "the prices file") }) {
            list.sources = readSources(node)
        }
        if let node = attempt({ () throws(Diagnostic) in try top.required("gpu_hourly", in: "the prices file") }) {
            list.gpuHourly = readGPUs(node)
        }
        if let node = top["purchase"] {
            list.purchase = readPurchases(node)
        }
        if let node = top["operations"] {
            list.operations = readOperations(node)
        } else {
            problems.append(.error(at: top.location, "missing required key 'operations' in the prices file"))
        }
        let known = list.sources.map(\.id)
        for reference in sourceReferences where !known.contains(reference.id) {
            problems.append(.error(at: reference.location, "unknown source '\(reference.id)'; list it under 'sources'"
                + NearestNames.hint(reference.id, among: known)))
        }
        return list
    }

    // MARK: - Sources

    private mutating func readSources(_ node: YAMLNode) -> [PriceSource] {
        guard let items = attempt({ () throws(Diagnostic) in try node.list() }) else { return [] }
        var sources: [PriceSource] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            guard let entry = attempt({ () throws(Diagnostic) in try item.mapping("a source with id, title, url and retrieved") }) else { continue }
            problems += entry.unknownKeys(allowed: PriceKeys.source, in: "a source")
            guard let id = attempt({ () throws(Diagnostic) in try entry.required("id", in: "a source").string() }),
                  let title = attempt({ () throws(Diagnostic) in try entry.required("title", in: "source '\(id)'").string() }),
                  let url = attempt({ () throws(Diagnostic) in try entry.required("url", in: "source '\(id)'").string() }),
                  let retrieved = attempt({ () throws(Diagnostic) in try entry.required("retrieved", in: "source '\(id)'").date() })
            else { continue }
            let published = entry["published"].flatMap { node in attempt { () throws(Diagnostic) in try node.date() } }
            let note = entry["note"].flatMap { node in attempt { () throws(Diagnostic) in try node.string() } }
            let location = entry["id"]?.location ?? entry.location
            if let first = seen[id] {
                problems.append(.error(at: location, "duplicate source id '\(id)' (first given at line \(first.line))"))
                continue
            }
            seen[id] = location
            sources.append(PriceSource(id: id, title: title, url: url, retrieved: retrieved, published: published,
                                       note: note, location: location))
        }
        return sources
    }

    // MARK: - GPU-hour prices

    private mutating func readGPUs(_ node: YAMLNode) -> [GPUHourlyPrice] {
        guard let mapping = attempt({ () throws(Diagnostic) in try node.mapping("a mapping from GPU id to prices") }) else { return [] }
        var entries: [GPUHourlyPrice] = []
        for pair in mapping.pairs {
            guard let gpu = attempt({ () throws(Diagnostic) in try pair.key.string() }) else { continue }
            guard let body = attempt({ () throws(Diagnostic) in try pair.value.mapping("a mapping of tiers (on_demand, spot, ...) and source") }) else { continue }
            problems += body.unknownKeys(allowed: PriceKeys.gpu, in: "the prices of '\(gpu)'")
            var entry = GPUHourlyPrice(gpu: gpu, location: pair.key.location)
            entry.source = readSourceReference(body["source"])
            entry.date = body["date"].flatMap { date in attempt { () throws(Diagnostic) in try date.date() } }
            entry.note = body["note"].flatMap { note in attempt { () throws(Diagnostic) in try note.string() } }
            entry.unavailable = body["unavailable"].flatMap { text in attempt { () throws(Diagnostic) in try text.string() } }
            for tier in PricingTier.allCases {
                guard let value = body[tier.rawValue] else { continue }
                if let quote = readQuote(value, what: "the \(tier.rawValue) price of '\(gpu)'") {
                    entry.tiers[tier] = quote
                    if quote.source == nil && entry.source == nil {
                        problems.append(.error(at: value.location, "the \(tier.rawValue) price of '\(gpu)' names no source; add 'source: ID' to the entry or the price"))
                    }
                }
            }
            if entry.unavailable != nil, !entry.tiers.isEmpty {
                problems.append(.error(at: pair.key.location, "'\(gpu)' is marked unavailable but also has prices; keep one or the other"))
            } else if entry.unavailable == nil, body[PricingTier.onDemand.rawValue] == nil {
                problems.append(.error(at: pair.key.location, "'\(gpu)' has no on_demand price (the default tier); give one, or say why with 'unavailable: \"...\"'"))
            }
            entries.append(entry)
        }
        return entries
    }

    // MARK: - Purchase prices

    private mutating func readPurchases(_ node: YAMLNode) -> [SystemPurchasePrice] {
        guard let mapping = attempt({ () throws(Diagnostic) in try node.mapping("a mapping from system id to price") }) else { return [] }
        var entries: [SystemPurchasePrice] = []
        for pair in mapping.pairs {
            guard let system = attempt({ () throws(Diagnostic) in try pair.key.string() }),
                  let quote = readQuote(pair.value, what: "the purchase price of '\(system)'") else { continue }
            if quote.source == nil {
                problems.append(.error(at: pair.value.location, "the purchase price of '\(system)' names no source; add 'source: ID'"))
            }
            entries.append(SystemPurchasePrice(system: system, quote: quote, location: pair.key.location))
        }
        return entries
    }

    // MARK: - Operations

    private mutating func readOperations(_ node: YAMLNode) -> OperatingAssumptions {
        var operations = OperatingAssumptions()
        guard let mapping = attempt({ () throws(Diagnostic) in try node.mapping("a mapping of operating assumptions") }) else { return operations }
        let keys = OperatingAssumptions.keys
        problems += mapping.unknownKeys(allowed: keys.map(\.key), in: "operations")
        for required in PriceKeys.requiredOperations where mapping[required] == nil {
            problems.append(.error(at: mapping.location, "missing required key '\(required)' in operations"))
        }
        for (key, path) in keys {
            guard let value = mapping[key], let read = readSourcedValue(value, name: key) else { continue }
            if let problem = Self.operationProblem(key, read.value) {
                problems.append(.error(at: read.location ?? value.location, problem))
                continue
            }
            operations[keyPath: path] = read
        }
        return operations
    }

    /// What is wrong with an operations value, or nil when it is in range. Every value is capped like
    /// prices, so no cost computed from it can overflow.
    static func operationProblem(_ key: String, _ value: Double) -> String? {
        guard value <= PriceList.largestPriceUSD else { return "'\(key)' \(PriceList.tooLarge), found \(value)" }
        switch key {
        case "power_usd_per_kwh", "depreciation_years":
            return value > 0 ? nil : "'\(key)' must be greater than zero, found \(value)"
        case "pue":
            return value >= 1 ? nil : "'pue' is total facility power over IT power and cannot be below 1, found \(value)"
        case "staff_usd_per_year", "staff_count":
            return value >= 0 ? nil : "'\(key)' cannot be negative, found \(value)"
        case "maintenance_fraction", "idle_power_fraction":
            return (0...1).contains(value) ? nil : "'\(key)' is a fraction between 0 and 1, found \(value)"
        default:
            return nil
        }
    }

    private mutating func readSourcedValue(_ node: YAMLNode, name: String) -> SourcedValue? {
        if case .mapping = node.content {
            guard let body = attempt({ () throws(Diagnostic) in try node.mapping() }) else { return nil }
            problems += body.unknownKeys(allowed: PriceKeys.operation, in: "'\(name)'")
            guard let valueNode = attempt({ () throws(Diagnostic) in try body.required("value", in: "'\(name)'") }),
                  let value = attempt({ () throws(Diagnostic) in try valueNode.double() }) else { return nil }
            return SourcedValue(value, source: readSourceReference(body["source"]), range: readRange(body["range"]),
                                note: body["note"].flatMap { note in attempt { () throws(Diagnostic) in try note.string() } },
                                location: valueNode.location)
        }
        guard let value = attempt({ () throws(Diagnostic) in try node.double() }) else { return nil }
        return SourcedValue(value, location: node.location)
    }

    // MARK: - Shared pieces

    /// A price written as a bare number or as `{ price, source, date, range, note }`.
    private mutating func readQuote(_ node: YAMLNode, what: String) -> QuotedPrice? {
        var quote: QuotedPrice
        var priceNode = node
        if case .mapping = node.content {
            guard let body = attempt({ () throws(Diagnostic) in try node.mapping() }) else { return nil }
            problems += body.unknownKeys(allowed: PriceKeys.quote, in: what)
            guard let price = attempt({ () throws(Diagnostic) in try body.required("price", in: what) }) else { return nil }
            priceNode = price
            quote = QuotedPrice(amountUSD: 0, location: price.location)
            quote.source = readSourceReference(body["source"])
            quote.date = body["date"].flatMap { date in attempt { () throws(Diagnostic) in try date.date() } }
            quote.rangeUSD = readRange(body["range"])
            quote.note = body["note"].flatMap { note in attempt { () throws(Diagnostic) in try note.string() } }
        } else {
            quote = QuotedPrice(amountUSD: 0, location: node.location)
        }
        guard let amount = attempt({ () throws(Diagnostic) in try priceNode.double() }) else { return nil }
        if let problem = PriceList.priceProblem(amount) {
            problems.append(.error(at: priceNode.location, "\(what) \(problem), found \(priceNode.scalarText ?? "\(amount)")"))
            return nil
        }
        quote.amountUSD = amount
        if let range = quote.rangeUSD, !range.contains(amount) {
            problems.append(.warning(at: priceNode.location, "\(what) \(amount) lies outside its own range [\(range.lowerBound), \(range.upperBound)]"))
        }
        return quote
    }

    /// `[low, high]` with 0 < low ≤ high.
    private mutating func readRange(_ node: YAMLNode?) -> ClosedRange<Double>? {
        guard let node else { return nil }
        guard let items = attempt({ () throws(Diagnostic) in try node.list() }) else { return nil }
        guard items.count == 2 else {
            problems.append(.error(at: node.location, "expected a range written [low, high], found \(NumberText.count(items.count, "value"))"))
            return nil
        }
        guard let low = attempt({ () throws(Diagnostic) in try items[0].double() }),
              let high = attempt({ () throws(Diagnostic) in try items[1].double() }) else { return nil }
        guard low > 0, low <= high else {
            problems.append(.error(at: node.location, "a range must be [low, high] with 0 < low ≤ high, found [\(low), \(high)]"))
            return nil
        }
        return low...high
    }

    private mutating func readSourceReference(_ node: YAMLNode?) -> String? {
        guard let node, let id = attempt({ () throws(Diagnostic) in try node.string() }) else { return nil }
        sourceReferences.append((id, node.location))
        return id
    }
}
