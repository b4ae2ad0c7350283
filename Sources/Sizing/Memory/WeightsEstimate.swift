import Catalog

/// Memory the weights of a model take at a precision: every parameter stored, every expert of a
/// mixture-of-experts model included (all experts stay resident even though each token uses a few).
public struct WeightsEstimate: Sendable, Hashable {
    public var parameters: Int
    public var bitsPerWeight: Double
    /// parameters × bitsPerWeight ÷ 8, rounded up to a whole byte.
    public var bytes: Int

    /// The weights of `model` stored in `precision`; a model too large to count in bytes is refused.
    public init(model: ModelSpec, precision: PrecisionSpec) throws(SizingError) {
        try self.init(parameters: model.totalParameters, bitsPerWeight: precision.bitsPerWeight)
    }

    public init(parameters: Int, bitsPerWeight: Double) throws(SizingError) {
        self.parameters = parameters
        self.bitsPerWeight = bitsPerWeight
        bytes = try SizingError.counting(.model) { () throws(CountOverflow) in
            try CheckedCount.rounded(Double(parameters) * bitsPerWeight / 8, what: "the weights")
        }
    }

    /// "70,553,706,496 parameters × 2 bytes" (or "× 4.84 bits ÷ 8" for fractional formats).
    public var formula: String {
        let perWeight = bitsPerWeight.truncatingRemainder(dividingBy: 8) == 0
            ? "\(NumberText.decimal(bitsPerWeight / 8)) byte\(bitsPerWeight == 8 ? "" : "s")"
            : "\(NumberText.decimal(bitsPerWeight)) bits ÷ 8"
        return "\(NumberText.grouped(parameters)) parameters × \(perWeight)"
    }
}
