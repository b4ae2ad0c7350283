import Basics

/// The prices file: dated, sourced cloud GPU-hour prices by tier, purchase prices of nodes, and the
/// operating assumptions (power, cooling overhead, staff, maintenance) that buy-versus-rent needs.
///
/// This file owns the shape of the data only. Reading YAML lives in `Prices/PriceList+Loading.swift`,
/// cross-checks against the catalog and staleness in `Prices/PriceList+Validation.swift`, writing in
/// `Prices/PriceList+Writing.swift`, CSV merging in `Prices/PriceList+CSVImport.swift`. Nothing here
/// computes a cost: that is the Sizing module's job.
package struct PriceList: Sendable, Equatable {
    /// The date the file as a whole describes, `YYYY-MM-DD`.
    package var asOf: String
    /// ISO currency code of every price (only `USD` is supported by the cost engine).
    package var currency: String
    /// Every source a price may name, in the order written.
    package var sources: [PriceSource]
    /// Cloud prices per GPU-hour, one entry per catalog GPU id, in the order written.
    package var gpuHourly: [GPUHourlyPrice]
    /// Capital prices of whole nodes, one entry per catalog system id, in the order written.
    package var purchase: [SystemPurchasePrice]
    /// Operating assumptions for owned hardware.
    package var operations: OperatingAssumptions
    /// Comment lines at the top of the file, kept when the file is written back.
    package var headerComment: [String]
    /// The file this list was read from (for diagnostics); empty when built in code.
    package var file: String

    package init(asOf: String, currency: String = "USD", sources: [PriceSource] = [], gpuHourly: [GPUHourlyPrice] = [],
                purchase: [SystemPurchasePrice] = [], operations: OperatingAssumptions = OperatingAssumptions(),
                headerComment: [String] = [], file: String = "") {
        self.asOf = asOf
        self.currency = currency
        self.sources = sources
        self.gpuHourly = gpuHourly
        self.purchase = purchase
        self.operations = operations
        self.headerComment = headerComment
        self.file = file
    }

    /// The hourly prices of a GPU id, or nil when the file has no entry for it.
    package func gpu(_ id: String) -> GPUHourlyPrice? { gpuHourly.first { $0.gpu == id } }

    /// The purchase price of a system id, or nil when the file has no entry for it.
    package func system(_ id: String) -> SystemPurchasePrice? { purchase.first { $0.system == id } }

    /// The source with this id, or nil.
    package func source(_ id: String) -> PriceSource? { sources.first { $0.id == id } }
}

/// How a GPU-hour is bought: interruptible spot capacity, on-demand, or a one- or three-year commitment.
package enum PricingTier: String, Sendable, CaseIterable, Hashable, Comparable {
    case spot
    case onDemand = "on_demand"
    case reserved1y = "reserved_1y"
    case reserved3y = "reserved_3y"

    /// The tier cost figures use unless told otherwise.
    package static let defaultTier = PricingTier.onDemand

    /// True for commitments that are billed every hour of the term, used or not.
    package var isCommitment: Bool { self == .reserved1y || self == .reserved3y }

    /// Words for tables: "on-demand", "reserved 1 y".
    package var title: String {
        switch self {
        case .spot: return "spot"
        case .onDemand: return "on-demand"
        case .reserved1y: return "reserved 1 y"
        case .reserved3y: return "reserved 3 y"
        }
    }

    package static func < (a: PricingTier, b: PricingTier) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Where a figure came from: a page or document, when it was read, and (when known) when it was published.
package struct PriceSource: Sendable, Equatable {
    package var id: String
    package var title: String
    package var url: String
    /// The day the figure was read, `YYYY-MM-DD`.
    package var retrieved: String
    /// The day the source itself is dated, `YYYY-MM-DD`, when it says; staleness counts from this.
    package var published: String?
    /// What the source covers or how its date was read.
    package var note: String?
    package var location: SourceLocation?

    package init(id: String, title: String, url: String, retrieved: String, published: String? = nil, note: String? = nil,
                location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.url = url
        self.retrieved = retrieved
        self.published = published
        self.note = note
        self.location = location
    }

    /// The date a price from this source is as of: the publication date when known, else the retrieval date.
    package var effectiveDate: String { published ?? retrieved }
}

/// One price with its provenance: the figure chosen, the range sources disagree over, and where it came from.
package struct QuotedPrice: Sendable, Equatable {
    /// The figure the cost engine uses (USD per GPU-hour, or USD per node).
    package var amountUSD: Double
    /// The source id when it differs from the entry's default source.
    package var source: String?
    /// The day the figure holds for, when it differs from its source's date.
    package var date: String?
    /// Lowest and highest figures seen for the same thing, when sources conflict.
    package var rangeUSD: ClosedRange<Double>?
    /// Why this figure was chosen, or what it covers.
    package var note: String?
    package var location: SourceLocation?

    package init(amountUSD: Double, source: String? = nil, date: String? = nil, rangeUSD: ClosedRange<Double>? = nil,
                note: String? = nil, location: SourceLocation? = nil) {
        self.amountUSD = amountUSD
        self.source = source
        self.date = date
        self.rangeUSD = rangeUSD
        self.note = note
        self.location = location
    }

    /// True when the quote needs more than a bare number to be written back.
    var hasDetails: Bool { source != nil || date != nil || rangeUSD != nil || note != nil }
}

/// Cloud prices of one GPU per GPU-hour, by tier.
package struct GPUHourlyPrice: Sendable, Equatable {
    /// The catalog's GPU id (`h100-sxm`).
    package var gpu: String
    package var tiers: [PricingTier: QuotedPrice]
    /// The source of every tier that does not name its own.
    package var source: String?
    /// The date of every tier that does not give its own (else the source's date).
    package var date: String?
    package var note: String?
    /// Why there is no public price (the GPU is not rented publicly); then `tiers` is empty.
    package var unavailable: String?
    package var location: SourceLocation?

    package init(gpu: String, tiers: [PricingTier: QuotedPrice] = [:], source: String? = nil, date: String? = nil,
                note: String? = nil, unavailable: String? = nil, location: SourceLocation? = nil) {
        self.gpu = gpu
        self.tiers = tiers
        self.source = source
        self.date = date
        self.note = note
        self.unavailable = unavailable
        self.location = location
    }

    /// USD per GPU-hour in `tier`, or nil when the file gives none.
    package func usdPerGPUHour(_ tier: PricingTier) -> Double? { tiers[tier]?.amountUSD }

    /// The source id a tier's price came from.
    package func sourceID(for tier: PricingTier) -> String? { tiers[tier]?.source ?? source }
}

/// The capital price of one node of a catalog system (`dgx-h200`).
package struct SystemPurchasePrice: Sendable, Equatable {
    package var system: String
    package var quote: QuotedPrice
    /// The default source (the quote may name its own).
    package var source: String?
    package var location: SourceLocation?

    package init(system: String, quote: QuotedPrice, source: String? = nil, location: SourceLocation? = nil) {
        self.system = system
        self.quote = quote
        self.source = source
        self.location = location
    }

    package var priceUSD: Double { quote.amountUSD }
    package var sourceID: String? { quote.source ?? source }
}

/// A number in the operations section, with its source when the file gives one.
package struct SourcedValue: Sendable, Equatable {
    package var value: Double
    package var source: String?
    package var range: ClosedRange<Double>?
    package var note: String?
    package var location: SourceLocation?

    package init(_ value: Double, source: String? = nil, range: ClosedRange<Double>? = nil, note: String? = nil, location: SourceLocation? = nil) {
        self.value = value
        self.source = source
        self.range = range
        self.note = note
        self.location = location
    }
}

/// What owning hardware costs beyond its price.
package struct OperatingAssumptions: Sendable, Equatable {
    /// Electricity, USD per kilowatt-hour.
    package var powerUSDPerKWh: SourcedValue
    /// Power usage effectiveness: facility power ÷ IT power (cooling and distribution overhead).
    package var pue: SourcedValue
    /// Fully loaded cost of one infrastructure engineer, USD per year.
    package var staffUSDPerYear: SourcedValue
    /// Engineers needed to run the deployment (may be fractional).
    package var staffCount: SourcedValue
    /// Years over which hardware is written off.
    package var depreciationYears: SourcedValue
    /// Support and repairs per year, as a fraction of capital.
    package var maintenanceFractionPerYear: SourcedValue
    /// Power drawn when idle as a fraction of full draw; 1 means the draw is taken as full at any utilization.
    package var idlePowerFraction: SourcedValue

    package init(powerUSDPerKWh: SourcedValue = SourcedValue(0.12), pue: SourcedValue = SourcedValue(1.5),
                staffUSDPerYear: SourcedValue = SourcedValue(0), staffCount: SourcedValue = SourcedValue(0),
                depreciationYears: SourcedValue = SourcedValue(4), maintenanceFractionPerYear: SourcedValue = SourcedValue(0),
                idlePowerFraction: SourcedValue = SourcedValue(1)) {
        self.powerUSDPerKWh = powerUSDPerKWh
        self.pue = pue
        self.staffUSDPerYear = staffUSDPerYear
        self.staffCount = staffCount
        self.depreciationYears = depreciationYears
        self.maintenanceFractionPerYear = maintenanceFractionPerYear
        self.idlePowerFraction = idlePowerFraction
    }

    /// The YAML key of each field, in the order they are written.
    package static var keys: [(key: String, path: WritableKeyPath<OperatingAssumptions, SourcedValue>)] {
        [
            ("power_usd_per_kwh", \.powerUSDPerKWh),
            ("pue", \.pue),
            ("staff_usd_per_year", \.staffUSDPerYear),
            ("staff_count", \.staffCount),
            ("depreciation_years", \.depreciationYears),
            ("maintenance_fraction", \.maintenanceFractionPerYear),
            ("idle_power_fraction", \.idlePowerFraction),
        ]
    }
}
