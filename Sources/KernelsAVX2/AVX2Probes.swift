/// The inner loops of the machine probes in AVX2 + FMA form: reading memory with 256-bit loads and
/// retiring 8-wide FMAs. The benchmark (in `Kernels`) times them and calls them only where the AVX2
/// path runs, so each ceiling is measured with the same instructions the kernels use. Never times or
/// allocates anything itself.

/// Per-thread loops of the read and FMA probes.
public enum AVX2Probes {
    /// How many sequential streams `readSum` may split a thread's share into.
    public static let streamCounts = [1, 2, 4]

    /// Sums every f32 in `range` (byte offsets into `base`, a multiple of 32 bytes, 32-byte aligned) with
    /// 256-bit loads, the range split into `streams` equal parts read side by side (1, 2 or 4; which is
    /// fastest depends on the hardware prefetchers, so the benchmark tries each), two loads per stream per
    /// step into independent accumulators. Returns the sum so the loads cannot be removed.
    @inline(never)
    public static func readSum(_ base: UnsafeRawPointer, _ range: Range<Int>, streams: Int) -> Float {
        switch streams {
        case 1: readSum(base, range, StreamCount<1>())
        case 2: readSum(base, range, StreamCount<2>())
        default: readSum(base, range, StreamCount<4>())
        }
    }

    @inline(__always)
    static func readSum<let S: Int>(_ base: UnsafeRawPointer, _ range: Range<Int>, _: StreamCount<S>) -> Float {
        // Two accumulators per stream, and at least four in all, so the adds never wait on each other.
        let part = range.count / (64 * S) * 64
        var sums = InlineArray<S, InlineArray<4, SIMD8<Float>>>(repeating: .init(repeating: .zero))
        var offset = range.lowerBound
        let end = range.lowerBound + part
        if S == 1 {
            while offset + 128 <= end {
                for u in 0..<4 { sums[0][u] += base.load(fromByteOffset: offset + 32 * u, as: SIMD8<Float>.self) }
                offset += 128
            }
        }
        while offset < end {
            for stream in 0..<S {
                let at = offset + stream * part
                sums[stream][0] += base.load(fromByteOffset: at, as: SIMD8<Float>.self)
                sums[stream][1] += base.load(fromByteOffset: at + 32, as: SIMD8<Float>.self)
            }
            offset += 64
        }
        var total = SIMD8<Float>()
        for rest in stride(from: range.lowerBound + S * part, to: range.upperBound, by: 32) {
            total += base.load(fromByteOffset: rest, as: SIMD8<Float>.self)
        }
        for stream in 0..<S {
            total += (sums[stream][0] + sums[stream][1]) + (sums[stream][2] + sums[stream][3])
        }
        return total.sum()
    }

    /// Runs 12 independent 8-wide FMA chains `iterations` steps (enough to cover FMA latency × 2 pipes)
    /// and returns their sum: 12 × 8 × 2 flops per step.
    @inline(never)
    public static func fmaChains(iterations: Int, seed: Float) -> Float {
        fmaChains(of: SIMD8<Float>.self, iterations: iterations, seed: seed)
    }

    /// The chains in `Lanes`-wide registers; inlinable, so the AVX-512 build (`AVX512Probes`) compiles
    /// its 16-lane copy with its own target features.
    @inlinable @inline(__always)
    public static func fmaChains<Lanes: SIMD>(of lanes: Lanes.Type, iterations: Int, seed: Float) -> Float where Lanes.Scalar == Float {
        // x·0.999 + 0.001 stays near 1 forever, so the chains never overflow or go subnormal.
        let scale = Lanes(repeating: 0.999), step = Lanes(repeating: 0.001)
        var a = InlineArray<12, Lanes>(repeating: Lanes(repeating: seed))
        for _ in 0..<iterations {
            for i in 0..<12 { a[i] = step.addingProduct(a[i], scale) }
        }
        var total = Lanes()
        for i in 0..<12 { total += a[i] }
        return total.sum()
    }
}

/// A stream count known at compile time, so each count is its own unrolled loop.
struct StreamCount<let count: Int> {}
