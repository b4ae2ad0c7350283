import Testing
@testable import Kernels
import KernelsAVX2

/// ggml's K-quant blocks (ggml-common.h `block_q4_K`, `block_q5_K`, `block_q6_K`; ggml-quants.c
/// `dequantize_row_q4_K` / `_q5_K` / `_q6_K` and `get_scale_min_k4`): hand-built super-blocks whose values
/// are worked out here from the layout, the packed 6-bit scales against ggml's per-index rule, and the
/// quantizer's error.
struct KQuantTests {
    @Test func superBlockSizesMatchGGML() throws {
        // ggml-common.h static_asserts: q4_K = 2·2 + K_SCALE_SIZE (12) + QK_K/2 = 144; q5_K adds QK_K/8 = 32 → 176;
        // q6_K = 2 + QK_K/16 + 3·QK_K/4 = 210 (QK_K = 256).
        #expect(WeightFormat.q4_K.bytesPerBlock == 144 && WeightFormat.q4_K.elementsPerBlock == 256)
        #expect(WeightFormat.q5_K.bytesPerBlock == 176)
        #expect(WeightFormat.q6_K.bytesPerBlock == 210)
        #expect(WeightFormat.q4_K.bitsPerWeight == 4.5 && WeightFormat.q5_K.bitsPerWeight == 5.5 && WeightFormat.q6_K.bitsPerWeight == 6.5625)
        #expect(try WeightFormat.named("Q4_K") == .q4_K)
        #expect(try WeightFormat.named("q6_k") == .q6_K)
    }

    /// The 12 header bytes shared by the q4_K and q5_K blocks below: scales 1, 2, 3, 4, 17, 33, 48, 63 and
    /// mins 0, 1, 2, 3, 16, 32, 5, 63. Bytes 0–3: scale j | (scale j+4 >> 4) << 6 = 0x41, 0x82, 0xC3, 0xC4;
    /// bytes 4–7: min j | (min j+4 >> 4) << 6 = 0x40, 0x81, 0x02, 0xC3; bytes 8–11: (scale j+4 & 15) |
    /// (min j+4 & 15) << 4 = 0x01, 0x01, 0x50, 0xFF.
    static let packedScales: [UInt8] = [0x41, 0x82, 0xC3, 0xC4, 0x40, 0x81, 0x02, 0xC3, 0x01, 0x01, 0x50, 0xFF]
    static let scales: [Float] = [1, 2, 3, 4, 17, 33, 48, 63]
    static let mins: [Float] = [0, 1, 2, 3, 16, 32, 5, 63]

    @Test func packedScalesFollowGetScaleMinK4() {
        // ggml's get_scale_min_k4(j): j < 4: d = q[j] & 63, m = q[j+4] & 63; else d = (q[j+4] & 0xF) | ((q[j-4] >> 6) << 4),
        // m = (q[j+4] >> 4) | ((q[j] >> 6) << 4). Checked on the hand-built bytes and on every byte value in each slot.
        func rule(_ q: [UInt8], _ j: Int) -> (UInt8, UInt8) {
            j < 4 ? (q[j] & 63, q[j + 4] & 63) : (q[j + 4] & 0xF | (q[j - 4] >> 6) << 4, q[j + 4] >> 4 | (q[j] >> 6) << 4)
        }
        var samples = [Self.packedScales]
        for slot in 0..<12 {
            for value in stride(from: 0, through: 255, by: 5) {
                var bytes = Self.packedScales
                bytes[slot] = UInt8(value)
                samples.append(bytes)
            }
        }
        for bytes in samples {
            let (scales, mins) = bytes.withUnsafeBytes { kQuantScalesAndMins($0.baseAddress!) }
            for j in 0..<8 {
                let (d, m) = rule(bytes, j)
                #expect(UInt8(truncatingIfNeeded: scales >> (8 * j)) == d && UInt8(truncatingIfNeeded: mins >> (8 * j)) == m)
            }
        }
        let (scales, mins) = Self.packedScales.withUnsafeBytes { kQuantScalesAndMins($0.baseAddress!) }
        #expect((0..<8).map { Float(UInt8(truncatingIfNeeded: scales >> (8 * $0))) } == Self.scales)
        #expect((0..<8).map { Float(UInt8(truncatingIfNeeded: mins >> (8 * $0))) } == Self.mins)
    }

    @Test func handBuiltQ4_KBlockDequantizes() throws {
        // d = 0x3800 = 0.5, dmin = 0x3C00 = 1.0; nibble run c (32 bytes) holds element 64c+l low, 64c+32+l high.
        // Run 0 byte 0 = 0x3A: element 0 = 10 (sub-block 0), element 32 = 3 (sub-block 1). Run 3 byte 31 = 0xF1:
        // element 223 = 1 (sub-block 6), element 255 = 15 (sub-block 7). Weight = (d·sc)·q − dmin·m:
        // element 0: 0.5·1·10 − 0 = 5; 32: 0.5·2·3 − 1 = 2; 223: 0.5·48·1 − 5 = 19; 255: 0.5·63·15 − 63 = 409.5;
        // every other element has q = 0, so −m of its sub-block.
        var nibbles = [UInt8](repeating: 0, count: 128)
        nibbles[0] = 0x3A
        nibbles[127] = 0xF1
        try Self.expectBlock(.q4_K, [0x00, 0x38, 0x00, 0x3C] + Self.packedScales + nibbles, [0: 5, 32: 2, 223: 19, 255: 409.5])
    }

    /// The q4_K/q5_K super-block `bytes` dequantizes to −min of each sub-block except at the elements `values` names.
    static func expectBlock(_ format: WeightFormat, _ bytes: [UInt8], _ values: [Int: Float]) throws {
        let matrix = try QuantizedMatrix(format: format, rows: 1, columns: 256, bytes: bytes)
        var expected = (0..<256).map { -Self.mins[$0 / 32] }
        for (index, value) in values { expected[index] = value }
        #expect(matrix.dequantized() == expected)
    }

    @Test func handBuiltQ5_KBlockDequantizes() throws {
        // q4_K's header and nibbles (now after 32 bytes of fifth bits): bit b of fifth-bit byte l adds 16 to element
        // l of sub-block b. Byte 0 = 0b11: element 0 = 10 + 16 = 26 → 0.5·1·26 = 13; element 32 = 3 + 16 = 19 →
        // 0.5·2·19 − 1 = 18. Byte 31 = 0x80: element 255 = 15 + 16 = 31 → 0.5·63·31 − 63 = 913.5; element 223
        // (bit 6 clear) stays 19.
        var fifth = [UInt8](repeating: 0, count: 32), nibbles = [UInt8](repeating: 0, count: 128)
        fifth[0] = 0b11
        fifth[31] = 0x80
        nibbles[0] = 0x3A
        nibbles[127] = 0xF1
        try Self.expectBlock(.q5_K, [0x00, 0x38, 0x00, 0x3C] + Self.packedScales + fifth + nibbles, [0: 13, 32: 18, 223: 19, 255: 913.5])
    }

    @Test func handBuiltQ6_KBlockDequantizes() throws {
        // d = 0.5 (bytes 208–209), scale of sub-block s (16 weights) = s − 8 (bytes 192–207). Level q = 32 is value 0:
        // nibble 0 and bit pair 0b10, so every bit-pair byte starts as 0xAA. In half h (128 weights), element l comes
        // from nibble byte 64h+l (low) and pair bits 0–1 of byte 128+32h+l; l+32 from byte 64h+32+l (low), bits 2–3;
        // l+64 from byte 64h+l (high), bits 4–5; l+96 from byte 64h+32+l (high), bits 6–7.
        // Element 0: nibble 5, pair 0b11 → q = 53 → 0.5·(−8)·21 = −84. Element 113 (h 0, l 17, fourth): nibble byte
        // 49 = 0xF0 (its low nibble 0 keeps element 49 at 32), pair byte 17 = 0x2A (bits 6–7 = 0) → q = 15 → sub-block 7,
        // 0.5·(−1)·(−17) = 8.5. Element 195 (h 1, l 3, third): nibble byte 67 = 0x70, pair byte 163 = 0xBA (bits 4–5
        // = 0b11) → q = 55 → sub-block 12, 0.5·4·23 = 46.
        var bytes = [UInt8](repeating: 0, count: 128) + [UInt8](repeating: 0xAA, count: 64)
        bytes += (0..<16).map { UInt8(bitPattern: Int8($0 - 8)) } + [0x00, 0x38]
        bytes[0] = 0x05
        bytes[128] = 0xAB
        bytes[49] = 0xF0
        bytes[128 + 17] = 0x2A
        bytes[67] = 0x70
        bytes[128 + 32 + 3] = 0xBA
        let matrix = try QuantizedMatrix(format: .q6_K, rows: 1, columns: 256, bytes: bytes)
        var expected = [Float](repeating: 0, count: 256)
        expected[0] = -84
        expected[113] = 8.5
        expected[195] = 46
        #expect(matrix.dequantized() == expected)
    }

    @Test(arguments: [WeightFormat.q4_K, .q5_K, .q6_K])
    func quantizedBlocksReadBackTheirOwnLevels(format: WeightFormat) throws {
        // Quantize, dequantize, quantize again: the second pass sees values on the first pass's grid, so it must
        // find levels that dequantize to the same values within fp16 rounding of the re-derived scales.
        var generator = SeededGenerator(seed: 11)
        let values = generator.normalValues(4 * 512)
        let once = try QuantizedMatrix(quantizing: values, rows: 4, columns: 512, format: format).dequantized()
        let twice = try QuantizedMatrix(quantizing: once, rows: 4, columns: 512, format: format).dequantized()
        #expect(Reference.relativeError(twice, once.map(Double.init)) < 0.05, "\(format)")
    }

    @Test func kQuantsRejectRowsThatAreNotWholeSuperBlocks() {
        let message = KernelError.columnsNotMultipleOfBlock(format: .q4_K, columns: 1000).description
        #expect(message.contains("multiple of 256") && message.contains("768 or 1024"))
        #expect(throws: KernelError.columnsNotMultipleOfBlock(format: .q6_K, columns: 96)) {
            try QuantizedMatrix(quantizing: [Float](repeating: 0, count: 96), rows: 1, columns: 96, format: .q6_K)
        }
    }
}
