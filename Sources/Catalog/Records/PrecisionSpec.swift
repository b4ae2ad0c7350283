/// A numeric format for weights or the KV cache, with its true storage cost.
///
/// `bitsPerWeight` counts everything stored per weight, scales and zero points included (Q4_0 is
/// 4.5 bits, not 4), so weights = parameters × bitsPerWeight ÷ 8 is exact for uniform formats and
/// the publisher's measured average for mixed ones (Q4_K_M).
package struct PrecisionSpec: Sendable, Hashable, Identifiable {
    /// How values are stored.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// IEEE-style floating point (fp32, bf16, fp16, fp8).
        case float
        /// Plain integers with one scale per channel or tensor (int8, int4).
        case integer
        /// Blocks of integers sharing scales (llama.cpp's Q-formats, GPTQ, AWQ).
        case block
    }

    package var id: String
    package var name: String
    package var kind: Kind
    /// Storage per weight in bits, scales and zero points included.
    package var bitsPerWeight: Double
    /// The tensor-core data type matrix products run in (`fp8`, `bf16`...): a key of
    /// `GPUSpec.denseTFLOPS`. Weight-only formats name the activation type they are unpacked to.
    package var computeType: String
    /// GPU architectures (`GPUSpec.architecture`) with hardware or maintained kernels for this format.
    package var nativeArchitectures: [String]
    /// Whether inference engines offer this format for the KV cache.
    package var usableForKVCache: Bool
    package var source: String
    package var notes: String?

    package init(id: String, name: String, kind: Kind, bitsPerWeight: Double, computeType: String,
                nativeArchitectures: [String], usableForKVCache: Bool, source: String, notes: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.bitsPerWeight = bitsPerWeight
        self.computeType = computeType
        self.nativeArchitectures = nativeArchitectures
        self.usableForKVCache = usableForKVCache
        self.source = source
        self.notes = notes
    }

    /// Storage per weight in bytes (bitsPerWeight ÷ 8).
    package var bytesPerWeight: Double { bitsPerWeight / 8 }

    /// Whether a GPU of `architecture` runs this format natively.
    package func isNative(on architecture: String) -> Bool {
        nativeArchitectures.contains(architecture)
    }
}
