import Testing
@testable import Kernels

/// Block layouts and rounding, checked against values worked out by hand from ggml's definitions
/// (ggml-common.h `block_q8_0` / `block_q4_0`; ggml-quants.c `quantize_row_q8_0_ref` / `quantize_row_q4_0_ref`).
struct FormatTests {
    @Test func blockSizesMatchGGML() {
        // ggml-common.h: sizeof(block_q8_0) = sizeof(ggml_half) + QK8_0 = 34; sizeof(block_q4_0) = 2 + QK4_0/2 = 18.
        #expect(WeightFormat.q8_0.bytesPerBlock == 34)
        #expect(WeightFormat.q4_0.bytesPerBlock == 18)
        #expect(WeightFormat.q8_0.bitsPerWeight == 8.5)
        #expect(WeightFormat.q4_0.bitsPerWeight == 4.5)
        #expect(WeightFormat.q4_0.bytesPerRow(columns: 4096) == 128 * 18)
    }

    @Test func handBuiltQ4_0BlockDequantizes() throws {
        // d = 0x3800 is 0.5 in binary16 (exponent 14 − 15 = −1, mantissa 0). Byte j: low nibble is element j,
        // high nibble element j + 16, each stored as q + 8. Byte 0 = 0xF0: element 0 = 0.5·(0 − 8) = −4,
        // element 16 = 0.5·(15 − 8) = 3.5. Byte 1 = 0x18: element 1 = 0.5·(8 − 8) = 0, element 17 = 0.5·(1 − 8) = −3.5.
        // The other bytes are 0x88: both nibbles 8, value 0.
        var bytes: [UInt8] = [0x00, 0x38, 0xF0, 0x18]
        bytes += [UInt8](repeating: 0x88, count: 14)
        let matrix = try QuantizedMatrix(format: .q4_0, rows: 1, columns: 32, bytes: bytes)
        var expected = [Float](repeating: 0, count: 32)
        expected[0] = -4
        expected[16] = 3.5
        expected[17] = -3.5
        #expect(matrix.dequantized() == expected)
        // Quantizing those values again finds the same block: max-magnitude value −4 gives d = −4/−8 = 0.5,
        // and ⌊x/d + 8.5⌋ gives back each nibble.
        #expect(try QuantizedMatrix(quantizing: expected, rows: 1, columns: 32, format: .q4_0).bytes == bytes)
    }

    @Test func q4_0ScaleKeepsTheSignOfTheLargestValue() throws {
        // d = max/−8 where max is the signed value of largest magnitude: +8 gives d = −1, and +8 itself
        // maps to ⌊8/−1 + 8.5⌋ = 0 (stored nibble 0, value −1·(0 − 8) = +8), so the extreme is exact.
        var values = [Float](repeating: 0, count: 32)
        values[5] = 8
        values[6] = -3
        let matrix = try QuantizedMatrix(quantizing: values, rows: 1, columns: 32, format: .q4_0)
        #expect(matrix.bytes[0] == 0x00 && matrix.bytes[1] == 0xBC)  // −1.0 in binary16 is 0xBC00
        #expect(matrix.dequantized() == values)
    }

    @Test func handBuiltQ8_0BlockDequantizes() throws {
        // d = 0x3C00 is 1.0 in binary16, so each element is its int8 level.
        let levels: [Int8] = (0..<32).map { Int8($0 * 8 - 127) }
        let bytes: [UInt8] = [0x00, 0x3C] + levels.map { UInt8(bitPattern: $0) }
        let matrix = try QuantizedMatrix(format: .q8_0, rows: 1, columns: 32, bytes: bytes)
        #expect(matrix.dequantized() == levels.map(Float.init))
    }

    @Test func q8_0ScaleIsAbsoluteMaximumOver127() throws {
        // x_j = j − 16: amax = 16, d = 16/127 stored as binary16, levels round(x·127/16) half away from zero:
        // −16 → −127, 1 → round(7.9375) = 8, 2 → round(15.875) = 16, 15 → round(119.0625) = 119.
        let values: [Float] = (0..<32).map { Float($0 - 16) }
        let bytes = try QuantizedMatrix(quantizing: values, rows: 1, columns: 32, format: .q8_0).bytes
        #expect(UInt16(bytes[0]) | UInt16(bytes[1]) << 8 == Float16(Float(16) / 127).bitPattern)
        let level = { (j: Int) in Int8(bitPattern: bytes[2 + j]) }
        #expect(level(0) == -127)
        #expect(level(16) == 0)
        #expect(level(17) == 8)
        #expect(level(18) == 16)
        #expect(level(31) == 119)
    }

    @Test func halfPrecisionRoundsToNearestEven() {
        // 1 + 2^-11 lies halfway between binary16 1.0 (0x3C00) and 1 + 2^-10 (0x3C01): ties go to even, 0x3C00.
        #expect(HalfPrecision.f16Bits(1 + 0x1p-11) == 0x3C00)
        #expect(HalfPrecision.f16Bits(1 + 0x1p-11 + 0x1p-20) == 0x3C01)
        // bf16 keeps the top 16 bits of binary32: 1 + 2^-8 is halfway between 0x3F80 and 0x3F81 → even 0x3F80;
        // 1 + 3·2^-8 is halfway between 0x3F81 and 0x3F82 → even 0x3F82.
        #expect(HalfPrecision.bf16Bits(1 + 0x1p-8) == 0x3F80)
        #expect(HalfPrecision.bf16Bits(1 + 3 * 0x1p-8) == 0x3F82)
        #expect(HalfPrecision.float(bf16Bits: 0x3F82) == 1 + 2 * 0x1p-7)
        #expect(HalfPrecision.float(bf16Bits: HalfPrecision.bf16Bits(.nan)).isNaN)
    }

    @Test(arguments: WeightFormat.allCases)
    func quantizationErrorIsWithinTheFormatsResolution(format: WeightFormat) throws {
        var generator = SeededGenerator(seed: 7)
        let columns = format.isKQuant ? 256 : 96
        let values = generator.normalValues(64 * columns)
        let matrix = try QuantizedMatrix(quantizing: values, rows: 64, columns: columns, format: format)
        let error = Reference.relativeError(matrix.dequantized(), values)
        // Bounds from each format's step: f16 has 11 significant bits (relative rounding ≤ 2^-11 ≈ 4.9e-4),
        // bf16 8 bits (≤ 2^-8 ≈ 3.9e-3); q8_0 steps are amax/127 and q4_0 steps amax/8 per 32 values, whose
        // uniform rounding error (step/√12) over Gaussian blocks (amax ≈ 2.1σ) is about 0.5% and 8%. The K-quants:
        // q4_K/q5_K steps are a 32-value block's range (≈ 4.1σ) over 15 or 31, so ≈ 7.9% and 3.8%, a little more
        // with the scale rounded up to a 6-bit multiple of d (measured 8.0% and 3.9%); q6_K's are a 16-value
        // block's amax (≈ 1.8σ) over 32, ≈ 1.6%, plus the int8 rounding of its scale (measured 1.9%).
        let bound: Double = switch format {
        case .f32: 0
        case .f16: 4.9e-4
        case .bf16: 3.9e-3
        case .q8_0: 0.01
        case .q4_0: 0.12
        case .q4_K: 0.09
        case .q5_K: 0.045
        case .q6_K: 0.022
        }
        #expect(error <= bound, "\(format): \(error)")
        if format.usesIntegerDotProducts { #expect(error > bound / 10, "a quantized format that loses nothing is suspicious") }
    }

    @Test func blockFormatsRejectRowsThatAreNotWholeBlocks() {
        #expect(throws: KernelError.columnsNotMultipleOfBlock(format: .q4_0, columns: 100)) {
            try QuantizedMatrix(quantizing: [Float](repeating: 0, count: 100), rows: 1, columns: 100, format: .q4_0)
        }
        let message = KernelError.columnsNotMultipleOfBlock(format: .q8_0, columns: 100).description
        #expect(message.contains("multiple of 32") && message.contains("k = 100") && message.contains("96 or 128"))
        // Float formats accept any k.
        #expect(throws: Never.self) { try QuantizedMatrix(quantizing: [1, 2, 3], rows: 1, columns: 3, format: .bf16) }
    }

    @Test func unknownFormatSuggestsTheNearestName() throws {
        #expect(throws: KernelError.unknownFormat("q4_1")) { try WeightFormat.named("q4_1") }
        #expect(KernelError.unknownFormat("q4_1").description.contains("did you mean 'q4_0'?"))
        #expect(try WeightFormat.named("Q8_0") == .q8_0)
    }
}

extension FormatTests {
    @Test func q8_0RoundsHalfAwayFromZeroLikeRoundf() throws {
        // amax = 127 gives d = 1 exactly, so levels are roundf(x): ±0.5 → ±1, ±1.5 → ±2, ±2.5 → ±3,
        // 0.49999997 (the float just below ½) → 0, and values above 127 stay within the block's range.
        var values = [Float](repeating: 0, count: 32)
        values[0] = 127
        values[1] = 0.5
        values[2] = -0.5
        values[3] = 1.5
        values[4] = -2.5
        values[5] = 0.49999997
        values[6] = -126.5
        let bytes = try QuantizedMatrix(quantizing: values, rows: 1, columns: 32, format: .q8_0).bytes
        let levels = bytes[2..<9].map { Int8(bitPattern: $0) }
        #expect(levels == [127, 1, -1, 2, -3, 0, -127])
    }
}

extension FormatTests {
    @Test func roundingWithoutTheLibraryCallMatchesRoundf() {
        // The q8_0 quantizer rounds with a truncation and a fraction test instead of roundf (a library call on
        // baseline x86-64). Every multiple of 2^-10 in the levels' range [-128, 128], and each neighbour of every
        // tie k + ½ (where truncation-based tricks usually go wrong), must round as Float.rounded(.toNearestOrAwayFromZero).
        var values: [Float] = stride(from: -128 * 1024, through: 128 * 1024, by: 1).map { Float($0) / 1024 }
        for k in -128...127 {
            let tie = Float(k) + 0.5
            values += [tie.nextDown, tie, tie.nextUp, Float(k).nextDown, Float(k).nextUp]
        }
        let mismatches = values.filter { BlockQuantization.roundedHalfAwayFromZero($0) != Int32($0.rounded(.toNearestOrAwayFromZero)) }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// The vector paths quantize activations with their own loop; it must give exactly the portable levels,
    /// scales and block sums: on Gaussian activations, on blocks whose largest value is 127 (so d = 1 and the
    /// values themselves are rounded: every tie k + ½ and its neighbours), on a zero block and a negative one.
    @Test func vectorActivationQuantizerMatchesThePortableOne() throws {
        try #require(KernelPath.avx2.isAvailable, "no AVX2 on this CPU: only the portable quantizer runs")
        var generator = SeededGenerator(seed: 77)
        var values = generator.normalValues(5 * 4096)
        var ties: [Float] = []
        for k in -127...126 {
            let tie = Float(k) + 0.5
            ties += [tie.nextDown, tie, tie.nextUp]
        }
        for start in stride(from: 0, to: ties.count, by: 31) { values += [127] + (ties[start..<min(ties.count, start + 31)] + [Float](repeating: 0, count: 31)).prefix(31) }
        values += [Float](repeating: 0, count: 32) + (0..<32).map { -Float($0) * 3.25 }
        let columns = values.count / 32 * 32 / 4
        let tokens = values.count / columns
        let count = tokens * columns
        let (portable, vector) = values.withUnsafeBufferPointer { x in
            (QuantizedActivations(x.baseAddress!, tokens: tokens, columns: columns, withOffsetSums: true, threads: 2),
             QuantizedActivations(x.baseAddress!, tokens: tokens, columns: columns, withOffsetSums: true, threads: 2, vector: true))
        }
        let blocks = count / 32
        #expect(Array(UnsafeBufferPointer(start: portable.levels.base, count: count)) == Array(UnsafeBufferPointer(start: vector.levels.base, count: count)))
        #expect(Array(UnsafeBufferPointer(start: portable.scales.base, count: blocks)) == Array(UnsafeBufferPointer(start: vector.scales.base, count: blocks)))
        #expect(Array(UnsafeBufferPointer(start: portable.offsetSums.base, count: blocks))
                == Array(UnsafeBufferPointer(start: vector.offsetSums.base, count: blocks)))
    }

    /// The decode layout, checked byte by byte on matrices whose every byte says where it came from:
    /// per group of eight rows and block, the eight scales, then 4-byte chunks of the rows side by side
    /// (InterleavedRows' documented layout, which the vector kernels read).
    @Test func interleavedRowsFollowTheDocumentedLayout() throws {
        let rows = 9, blocks = 2, rowBytes = blocks * 18
        // Byte i of the matrix holds i mod 251, so each output byte names its source.
        let bytes = (0..<rows * rowBytes).map { UInt8($0 % 251) }
        let matrix = try QuantizedMatrix(format: .q4_0, rows: rows, columns: 32 * blocks, bytes: bytes).interleavingRows()
        let interleaved = try #require(matrix.interleaved)
        #expect(interleaved.groups == 1)  // the ninth row stays in the plain layout only
        #expect(interleaved.bytes.count == 8 * rowBytes)
        for block in 0..<blocks {
            let groupBlock = Array(interleaved.bytes[block * 144..<(block + 1) * 144])
            for r in 0..<8 {
                let source = r * rowBytes + block * 18
                #expect(Array(groupBlock[2 * r..<2 * r + 2]) == [bytes[source], bytes[source + 1]], "scale of row \(r)")
                for chunk in 0..<4 {
                    let at = 16 + 32 * chunk + 4 * r
                    #expect(Array(groupBlock[at..<at + 4]) == Array(bytes[source + 2 + 4 * chunk..<source + 6 + 4 * chunk]),
                            "block \(block) chunk \(chunk) row \(r)")
                }
            }
        }
        // Float formats: column j of the group is the eight rows' weights j side by side.
        let f16Bytes = (0..<8 * 3 * 2).map { UInt8($0) }
        let f16 = try #require(try QuantizedMatrix(format: .f16, rows: 8, columns: 3, bytes: f16Bytes).interleavingRows().interleaved)
        var expected: [UInt8] = []
        for j in 0..<3 {
            for r in 0..<8 {
                let at: Int = r * 6 + 2 * j
                expected.append(f16Bytes[at])
                expected.append(f16Bytes[at + 1])
            }
        }
        #expect(f16.bytes == expected)
        // Fewer than eight rows have no decode layout.
        #expect(try QuantizedMatrix(quantizing: [Float](repeating: 1, count: 224), rows: 7, columns: 32, format: .q8_0).interleavingRows().interleaved == nil)
        // A fresh copy carries its own copy of the layout.
        #expect(matrix.freshCopy().interleaved == interleaved)
    }

    /// The K-quants' decode layout, byte by byte (InterleavedRows' documented fields): per group of eight rows
    /// and super-block, each field of the block in turn with its chunks of the eight rows side by side.
    @Test(arguments: [(WeightFormat.q4_K, [(2, 2), (2, 2), (12, 1), (128, 4)]),
                      (.q5_K, [(2, 2), (2, 2), (12, 1), (32, 4), (128, 4)]),
                      (.q6_K, [(128, 4), (64, 4), (16, 1), (2, 2)])])
    func kQuantInterleavedRowsFollowTheDocumentedFields(format: WeightFormat, fields: [(Int, Int)]) throws {
        // ggml-common.h: block_q4_K is d, dmin, scales[12], qs[128]; block_q5_K adds qh[32] before qs;
        // block_q6_K is ql[128], qh[64], scales[16], d.
        let rows = 10, superBlocks = 2, blockBytes = format.bytesPerBlock, rowBytes = superBlocks * blockBytes
        let bytes = (0..<rows * rowBytes).map { UInt8($0 % 251) }
        let interleaved = try #require(try QuantizedMatrix(format: format, rows: rows, columns: 256 * superBlocks, bytes: bytes).interleavingRows().interleaved)
        #expect(interleaved.groups == 1)
        var expected: [UInt8] = []
        for block in 0..<superBlocks {
            var field = 0
            for (length, chunk) in fields {
                for at in stride(from: field, to: field + length, by: chunk) {
                    for r in 0..<8 {
                        let source: Int = r * rowBytes + block * blockBytes + at
                        expected += bytes[source..<source + chunk]
                    }
                }
                field += length
            }
            #expect(field == blockBytes)
        }
        #expect(interleaved.bytes == expected)
    }
}
