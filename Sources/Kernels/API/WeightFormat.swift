/// The weight formats the kernels read: plain floats, ggml's two simplest block quantizations and its
/// three K-quants (the formats of the Q4_K_M, Q5_K_M and Q6_K files people download).
///
/// This file owns the formats' names and field layouts; their geometry (elements and bytes per block) is
/// `AVX2Job.Format`'s, the lowest module's, so the vector kernels share one table with it. It never
/// touches values: quantization lives in `Formats/`, arithmetic in `Scalar/` and `SIMD/`.

internal import KernelsAVX2

/// A storage format for a weight matrix, named as ggml names it.
package enum WeightFormat: String, CaseIterable, Codable, Sendable, Comparable {
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
    /// ggml `block_q4_K`: super-blocks of 256 weights in 144 bytes: fp16 `d` and `dmin`, 12 bytes holding
    /// eight 6-bit scales and eight 6-bit mins (one per 32 weights), then 128 bytes of nibbles;
    /// weight = d·sc·q − dmin·m. Byte l of each 32-byte run c holds element 64c+l low and 64c+32+l high.
    case q4_K
    /// ggml `block_q5_K`: q4_K's scales and mins, then 32 bytes of fifth bits, then the 128 bytes of low
    /// nibbles: 176 bytes per 256 weights; bit 2c of byte l adds 16 to element 64c+l, bit 2c+1 to 64c+32+l.
    case q5_K
    /// ggml `block_q6_K`: 128 bytes of low nibbles, 64 bytes of high bit pairs, sixteen int8 scales (one per
    /// 16 weights) and an fp16 `d` last: 210 bytes per 256 weights; weight = d·sc·(q − 32).
    case q6_K

    /// The same format as the vector modules name it; its geometry (elements and bytes per block) is stated
    /// once there, in the module every kernel can see.
    var vectorFormat: AVX2Job.Format {
        switch self {
        case .f32: .f32
        case .f16: .f16
        case .bf16: .bf16
        case .q8_0: .q8_0
        case .q4_0: .q4_0
        case .q4_K: .q4_K
        case .q5_K: .q5_K
        case .q6_K: .q6_K
        }
    }

    /// Weights that share one scale (1 for the float formats).
    package var elementsPerBlock: Int { vectorFormat.elementsPerBlock }

    /// Bytes one block occupies.
    package var bytesPerBlock: Int { vectorFormat.bytesPerBlock }

    /// Average storage per weight, scales included (8.5 for q8_0, 4.5 for q4_0 and q4_K, 5.5 for q5_K, 6.5625 for q6_K).
    package var bitsPerWeight: Double {
        Double(bytesPerBlock * 8) / Double(elementsPerBlock)
    }

    /// Whether the kernels quantize activations to q8_0 and use integer dot products for this format.
    package var usesIntegerDotProducts: Bool { elementsPerBlock > 1 }

    /// ggml's K-quants: 256-weight super-blocks whose 32- or 16-weight sub-blocks carry their own scales.
    /// Their activations are quantized with one scale per 256 values, as ggml's q8_K
    /// (`QuantizedActivations`).
    package var isKQuant: Bool { elementsPerBlock == 256 }

    /// Bytes of one row of `columns` weights; `columns` must be a multiple of `elementsPerBlock`.
    package func bytesPerRow(columns: Int) -> Int {
        vectorFormat.bytesPerRow(columns: columns)
    }

    /// The format named `name`, or an error listing the known names and the nearest one.
    package static func named(_ name: String) throws(KernelError) -> WeightFormat {
        if let format = allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) { return format }
        throw .unknownFormat(name)
    }

    package static func < (a: WeightFormat, b: WeightFormat) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
