/// What the AVX2 + FMA + F16C build of the shared vector kernels (`Sources/KernelsShared`) does its own way:
/// tile sizes for 16 vector registers, the integer dot product as `vpmaddubsw` + `vpmaddwd`, and q8_0's sign
/// moved onto the activations. `Sources/KernelsAVX512/VectorWidth.swift` declares the same members for the
/// AVX-512 build (a test checks that the two declare the same names); nothing else in either build may
/// branch on the width.

#if arch(x86_64)
import _Builtin_intrinsics.intel

enum VectorWidth {
    /// Tokens per GEMM tile: 16 vector registers hold 4×3 float accumulators beside 3 activations and a
    /// weight vector, but the integer tiles also hold the weights and temporaries, so 4×3 spilled to the
    /// stack and they take 4×2.
    static let floatTileTokens = 3
    static let blockTileTokens = 2

    /// `VectorKernels.withTileShape` for 3 or more tokens: 3 at most here.
    @inline(__always)
    static func withWideTileShape(rowCount: Int, tokenCount: Int, _ body: some _TileBody) {
        if rowCount == 4 { body(TileShape<4, 3>()) } else { body(TileShape<1, 3>()) }
    }

    /// `acc` plus, in each int32 lane, the dot product of that lane's four unsigned bytes with its four signed
    /// ones: products summed in pairs (int16: |w|·|x| ≤ 127·127 or 63·127, so a pair cannot saturate), then in
    /// fours.
    @inline(__always)
    static func accumulateDot(_ acc: __m256i, _ unsigned: __m256i, _ signed: __m256i) -> __m256i {
        _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(unsigned, signed), _mm256_set1_epi16(1)))
    }

    /// The offset q8_0's unsigned bytes carry: none, since |w| is used and the sign moves onto x.
    static var q8_0Offset: Float { 0 }

    /// |w| as unsigned bytes; the sign of w moves onto x in `q8_0Signed` (so |w|·(sign(w)·x) = w·x). Adding 128
    /// instead would let `vpmaddubsw`'s pair sums saturate (255·127·2 > 32767).
    @inline(__always)
    static func q8_0Unsigned(_ levels: __m256i) -> __m256i { _mm256_sign_epi8(levels, levels) }

    @inline(__always)
    static func q8_0Signed(_ x: __m256i, like levels: __m256i) -> __m256i { _mm256_sign_epi8(x, levels) }

    /// K-quant products this build takes another way than `KQuantKernels`' row-by-row kernel: none.
    @inline(__always)
    static func multiplyKQuantPanels(_ job: AVX2Job, rows: Range<Int>) -> Bool { false }

    /// K-quant decode this build takes another way than `KQuantDecode`'s 256-bit kernel: none.
    @inline(__always)
    static func multiplyKQuantDecode(_ job: AVX2Job, rows: Range<Int>) -> Bool { false }
}
#endif
