/// The AVX2 + FMA + F16C half of the kernels, in a module of its own because it is the only code
/// compiled with those extensions: the portable `Kernels` module (formats, scalar path, dispatcher,
/// benchmark) is compiled for the baseline x86-64 and calls in here only after its run-time CPU check.
/// The shared kernel sources (`Sources/KernelsShared`, linked into this target and into `KernelsAVX512`) are
/// compiled here with AVX2 and there with AVX-512; both builds take this job.
///
/// This file owns the plain description of one product that crosses the module boundary. Its few
/// `@inlinable` helpers are integer and scalar arithmetic that any x86-64 can run; nothing else in this
/// module may be `@inlinable`, `@_transparent` or `@_alwaysEmitIntoClient`, and the module is built with
/// cross-module optimisation off, so no AVX instruction can be inlined into a caller's module.
/// It depends on nothing of ours and never checks the CPU itself (its caller does).

/// Raw pointers to one product's operands, as the caller laid them out, shared by the worker threads.
/// Each worker writes only the output rows of its own range, so sharing is safe although the compiler
/// cannot prove it.
public struct AVX2Job: @unchecked Sendable {
    /// How each weight row is stored: the same names and byte layouts as `Kernels.WeightFormat`.
    public enum Format: Sendable {
        /// binary32, 4 bytes per weight.
        case f32
        /// binary16, 2 bytes per weight.
        case f16
        /// bfloat16, 2 bytes per weight.
        case bf16
        /// ggml `block_q8_0`: fp16 scale + 32 int8 levels, 34 bytes.
        case q8_0
        /// ggml `block_q4_0`: fp16 scale + 16 bytes of nibbles (level + 8), 18 bytes.
        case q4_0
        /// ggml's K-quants, super-blocks of 256 weights (`Kernels.WeightFormat` spells out each layout):
        /// `block_q4_K` 144 bytes, `block_q5_K` 176, `block_q6_K` 210.
        case q4_K
        case q5_K
        case q6_K
    }

    public let format: Format
    public let weights: UnsafeRawPointer
    /// m
    public let rows: Int
    /// k (a multiple of 32 for the block formats)
    public let columns: Int
    /// n
    public let tokens: Int
    /// n × k activations, token-major (float formats).
    public let x: UnsafePointer<Float>
    /// n × k q8_0 levels and n × k/32 scales of the activations (block formats; n × k/256 scales for the K-quants).
    public let levels: UnsafePointer<Int8>?
    public let scales: UnsafePointer<Float>?
    /// n × k/32 values −Σ q_j of each activation block (weights stored with an offset: q4_0, and q8_0 on
    /// the AVX-512 path).
    public let offsetSums: UnsafePointer<Float>?
    /// n × m output, token-major.
    public let y: UnsafeMutablePointer<Float>
    /// Rows 0..<interleavedRows again in groups of eight, interleaved (`Kernels.InterleavedRows`: per group and
    /// block the eight fp16 scales, then 4-byte chunks of the eight rows' levels side by side), or nil.
    public let interleaved: UnsafeRawPointer?
    public let interleavedRows: Int

    /// Describes one product; the pointers must stay valid until every `VectorKernels.multiply` on it returns.
    public init(format: Format, weights: UnsafeRawPointer, rows: Int, columns: Int, tokens: Int, x: UnsafePointer<Float>,
                levels: UnsafePointer<Int8>?, scales: UnsafePointer<Float>?, offsetSums: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>,
                interleaved: UnsafeRawPointer? = nil, interleavedRows: Int = 0) {
        self.format = format
        self.weights = weights
        self.rows = rows
        self.columns = columns
        self.tokens = tokens
        self.x = x
        self.levels = levels
        self.scales = scales
        self.offsetSums = offsetSums
        self.y = y
        self.interleaved = interleaved
        self.interleavedRows = interleavedRows
    }

    @inlinable public var bytesPerRow: Int { format.bytesPerRow(columns: columns) }
    @inlinable public var blocksPerRow: Int { columns / 32 }
}

extension AVX2Job.Format {
    /// The block formats multiply q8_0 activations with integer dot products.
    @inlinable public var usesIntegerDotProducts: Bool { !(self == .f32 || self == .f16 || self == .bf16) }

    /// 256-weight super-blocks (`KQuantKernels`).
    @inlinable public var isKQuant: Bool { self == .q4_K || self == .q5_K || self == .q6_K }

    /// Weights that share one scale: 1 for the floats, 32 for q8_0/q4_0, 256 for the K-quants' super-blocks.
    /// This table and `bytesPerBlock` are the one statement of each format's geometry: `Kernels.WeightFormat`
    /// and the K-quant kernels read them from here (this module depends on nothing, so everything can).
    @inlinable public var elementsPerBlock: Int {
        switch self {
        case .f32, .f16, .bf16: 1
        case .q8_0, .q4_0: 32
        case .q4_K, .q5_K, .q6_K: 256
        }
    }

    /// Bytes one block occupies, as ggml lays it out (`Kernels.WeightFormat` spells out each field).
    @inlinable public var bytesPerBlock: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        case .q8_0: 2 + 32
        case .q4_0: 2 + 16
        case .q4_K: 2 + 2 + 12 + 128
        case .q5_K: 2 + 2 + 12 + 32 + 128
        case .q6_K: 128 + 64 + 16 + 2
        }
    }

    @inlinable public func bytesPerRow(columns: Int) -> Int {
        columns / elementsPerBlock * bytesPerBlock
    }

    /// Weight `j` of a float-format row as f32 (the few columns past the last multiple of 8).
    @inlinable @inline(__always)
    public func weight(_ row: UnsafeRawPointer, _ j: Int) -> Float {
        switch self {
        case .f32: row.loadUnaligned(fromByteOffset: 4 * j, as: Float.self)
        case .f16: Float(Float16(bitPattern: row.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self)))
        case .bf16: Float(bitPattern: UInt32(row.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self)) << 16)
        default: preconditionFailure("block formats use integer dot products")
        }
    }
}

/// The eight 6-bit scales and eight 6-bit mins that `block_q4_K` and `block_q5_K` pack into the 12 bytes at
/// `packed` (ggml's `get_scale_min_k4`, read four at a time): bytes 0–3 hold scales 0–3 in their low six bits,
/// bytes 4–7 mins 0–3; scales and mins 4–7 keep their low four bits in bytes 8–11 (scale low, min high
/// nibble) and their top two bits in the top bits of bytes 0–3 (scales) and 4–7 (mins).
/// Byte j of `scales` (`mins`) is sub-block j's. Scalar integer code; the one reading of this packing.
@inlinable @inline(__always)
public func kQuantScalesAndMins(_ packed: UnsafeRawPointer) -> (scales: UInt64, mins: UInt64) {
    let a = packed.loadUnaligned(as: UInt32.self), b = packed.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
    let c = packed.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
    let scalesHigh = (c & 0x0f0f_0f0f) | ((a >> 6) & 0x0303_0303) << 4
    let minsHigh = ((c >> 4) & 0x0f0f_0f0f) | ((b >> 6) & 0x0303_0303) << 4
    return (UInt64(a & 0x3f3f_3f3f) | UInt64(scalesHigh) << 32, UInt64(b & 0x3f3f_3f3f) | UInt64(minsHigh) << 32)
}
