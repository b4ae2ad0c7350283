/// Activations quantized to q8_0 on the fly, as llama.cpp does before the integer dot products of
/// q8_0 and q4_0 weights. Split into two arrays (levels, scales) so each block's 32 levels are one load.

/// `tokens` rows of k activations in q8_0: the levels and the fp16-rounded scale of each block.
struct QuantizedActivations {
    let tokens: Int
    let columns: Int
    /// tokens × columns levels in [-127, 127].
    var levels: [Int8]
    /// tokens × (columns/32) scales, each rounded through fp16 as `block_q8_0.d` is.
    var scales: [Float]
    /// tokens × columns/2 values 8·(q_2j + q_2j+1), or empty: q4_0 stores levels + 8, and subtracting these
    /// from the pair sums of (level + 8)·q leaves level·q exactly (|8·(q+q')| ≤ 2032 fits in Int16).
    var offsetPairs: [Int16]
    /// tokens × (columns/32) values −8·Σ q_j of each block, or empty: q4_0's offset for a whole block, which
    /// the AVX2 kernels add for eight blocks at once (weighted by d_w·d_x) instead of once per block.
    var offsetSums: [Float]

    var blocksPerToken: Int { columns / 32 }

    init(_ x: UnsafePointer<Float>, tokens: Int, columns: Int, withOffsetPairs: Bool = false) {
        self.tokens = tokens
        self.columns = columns
        let blocks = tokens * columns / 32
        var levels = [Int8](repeating: 0, count: tokens * columns)
        var scales = [Float](repeating: 0, count: blocks)
        levels.withUnsafeMutableBufferPointer { levels in
            for block in 0..<blocks {
                let q = levels.baseAddress! + block * 32
                let d = BlockQuantization.q8_0Levels(x + block * 32, into: q)
                scales[block] = HalfPrecision.float(f16Bits: HalfPrecision.f16Bits(d))
            }
        }
        var offsetPairs = [Int16](repeating: 0, count: withOffsetPairs ? levels.count / 2 : 0)
        for j in offsetPairs.indices { offsetPairs[j] = 8 * (Int16(levels[2 * j]) + Int16(levels[2 * j + 1])) }
        self.offsetPairs = offsetPairs
        var offsetSums = [Float](repeating: 0, count: withOffsetPairs ? blocks : 0)
        for block in offsetSums.indices {
            // |Σ q| ≤ 32·127, so −8·Σ q is an exact Float.
            offsetSums[block] = Float(-8 * levels[block * 32..<block * 32 + 32].reduce(0) { $0 + Int($1) })
        }
        self.offsetSums = offsetSums
        self.levels = levels
        self.scales = scales
    }
}
