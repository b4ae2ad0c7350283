/// What the AVX-512 F/BW/VL/DQ/VNNI build of the shared vector kernels (`Sources/KernelsShared`) does its
/// own way: larger GEMM tiles in 32 vector registers, the integer dot product as one `vpdpbusd`, q8_0 made
/// unsigned by adding 128, q4_K/q5_K GEMM from repacked panels (`KQuantPanels`) and K-quant decode in
/// 512-bit vectors (`KQuantDecode512`).
/// `Sources/KernelsAVX2/VectorWidth.swift` declares the same members for the AVX2 build (a test checks that
/// the two declare the same names); nothing else in either build may branch on the width.

#if arch(x86_64)
import _Builtin_intrinsics.intel
import KernelsAVX2

enum VectorWidth {
    /// Tokens per GEMM tile of the plain layout: 32 vector registers hold 4×4 accumulators beside the
    /// operands (with more than 16, LLVM stored every accumulator to the stack after each FMA).
    static let floatTileTokens = 4
    static let blockTileTokens = 4

    /// `VectorKernels.withTileShape` for 3 or more tokens: up to 4 here.
    @inline(__always)
    static func withWideTileShape(rowCount: Int, tokenCount: Int, _ body: some _TileBody) {
        switch (rowCount == 4, tokenCount) {
        case (true, 3): body(TileShape<4, 3>())
        case (false, 3): body(TileShape<1, 3>())
        case (true, _): body(TileShape<4, 4>())
        case (false, _): body(TileShape<1, 4>())
        }
    }

    /// `acc` plus, in each int32 lane, the dot product of that lane's four unsigned bytes with its four signed
    /// ones: one `vpdpbusd`, no intermediate saturation.
    @inline(__always)
    static func accumulateDot(_ acc: __m256i, _ unsigned: __m256i, _ signed: __m256i) -> __m256i {
        _mm256_mask_dpbusd_epi32(acc, 0xFF, unsigned, signed)
    }

    /// The offset q8_0's unsigned bytes carry (w + 128); the kernels take 128·Σx off per group.
    static var q8_0Offset: Float { 128 }

    /// w + 128 as unsigned bytes (flipping the top bit); `vpdpbusd` cannot saturate.
    @inline(__always)
    static func q8_0Unsigned(_ levels: __m256i) -> __m256i { _mm256_xor_si256(levels, _mm256_set1_epi8(-128)) }

    @inline(__always)
    static func q8_0Signed(_ x: __m256i, like levels: __m256i) -> __m256i { x }

    /// q4_K/q5_K GEMM from repacked panels (`KQuantPanels`) when the job qualifies; false leaves it to
    /// `KQuantKernels`' row-by-row kernel.
    @inline(__always)
    static func multiplyKQuantPanels(_ job: AVX2Job, rows: Range<Int>) -> Bool {
        guard KQuantPanels.applies(job) else { return false }
        KQuantPanels.multiply(job, rows: rows)
        return true
    }

    /// K-quant decode in 512-bit vectors (`KQuantDecode512`): two chunks of eight rows per `vpdpbusd`. True
    /// when it took the job, as it does every one here.
    @inline(__always)
    static func multiplyKQuantDecode(_ job: AVX2Job, rows: Range<Int>) -> Bool {
        KQuantDecode512.multiply(job, rows: rows)
        return true
    }
}
#endif
