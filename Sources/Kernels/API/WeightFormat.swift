/// The weight formats the kernels read: plain floats and ggml's two simplest block quantizations.
///
/// This file owns the geometry of each format (elements per block, bytes per block). It never
/// touches values: quantization lives in `Formats/`, arithmetic in `Scalar/` and `SIMD/`.

/// A storage format for a weight matrix, named as ggml names it.
public enum WeightFormat: String, CaseIterable, Codable, Sendable, Comparable {
    /// IEEE binary32, 4 bytes per weight.
    case f32
    /// IEEE binary16, 2 bytes per weight.
    case f16
    /// bfloat16 (the top half of a binary32), 2 bytes per weight.
    case bf16
    /// ggml `block_q8_0`: an fp16 scale `d` then 32 int8 values; weight = d·q. 34 bytes per 32 weights.
    case q8_0
    /// ggml `block_q4_0`: an fp16 scale `d` then 16 bytes of nibbles; weight = d·(q − 8).
    /// Byte j holds element j in its low nibble and element j+16 in its high nibble. 18 bytes per 32 weights.
    case q4_0

    /// Weights that share one scale (1 for the float formats).
    public var elementsPerBlock: Int {
        switch self {
        case .f32, .f16, .bf16: 1
        case .q8_0, .q4_0: 32
        }
    }

    /// Bytes one block occupies.
    public var bytesPerBlock: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        case .q8_0: 2 + 32
        case .q4_0: 2 + 16
        }
    }

    /// Average storage per weight, scales included (8.5 for q8_0, 4.5 for q4_0).
    public var bitsPerWeight: Double {
        Double(bytesPerBlock * 8) / Double(elementsPerBlock)
    }

    /// Whether the kernels quantize activations to q8_0 and use integer dot products for this format.
    public var usesIntegerDotProducts: Bool { elementsPerBlock > 1 }

    /// Bytes of one row of `columns` weights; `columns` must be a multiple of `elementsPerBlock`.
    public func bytesPerRow(columns: Int) -> Int {
        columns / elementsPerBlock * bytesPerBlock
    }

    /// The format named `name`, or an error listing the known names and the nearest one.
    public static func named(_ name: String) throws(KernelError) -> WeightFormat {
        if let format = WeightFormat(rawValue: name.lowercased()) { return format }
        throw .unknownFormat(name)
    }

    public static func < (a: WeightFormat, b: WeightFormat) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
