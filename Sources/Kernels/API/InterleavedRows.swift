/// The decode layout of a matrix: its rows in groups of eight, interleaved so that one vector load holds
/// weights of all eight rows and lane r of every product is row r. The vector paths read it for one to
/// three tokens: the plain layout leaves each q8_0/q4_0 row block to be summed across lanes and its scale
/// to be gathered (llama.cpp repacks its Q4_0 for the same reason), and each float row to reload as many
/// activation bytes from L1 as it streams weight bytes. Owns the byte shuffle from ggml rows to this
/// layout; never does arithmetic, and is never the only copy of the weights (`QuantizedMatrix.bytes`
/// stays ggml's).
///
/// Each block is cut into fields (`fields(of:)`); for each group of eight rows and each block b (in order),
/// each field in turn holds its chunks one after another, chunk c of rows 0…7 side by side, so that the
/// group's block takes `8 × bytesPerBlock` bytes:
/// - q8_0 and q4_0: the eight rows' fp16 scales (16 bytes), then the levels in 4-byte chunks (32 bytes per
///   chunk): for q8_0 chunk c holds levels 4c…4c+3 (8 chunks); for q4_0 it holds ggml's packed bytes 4c…4c+3,
///   whose low nibbles are elements 4c…4c+3 and high nibbles elements 16+4c…16+4c+3 (4 chunks).
/// - q4_K and q5_K: the eight rows' fp16 d, then dmin (16 bytes each), the 12 packed scale bytes one by
///   one (byte i of row r at 8i + r), q5_K's 32 bytes of fifth bits, then the 128 bytes of nibbles, both in
///   4-byte chunks; q6_K: its low nibbles and high bit pairs in 4-byte chunks, its sixteen int8 scales one by
///   one, then the fp16 d. One vector load then holds a field of all eight rows, so the kernels unpack the
///   eight rows' scales and bits with one set of instructions.
/// - f32, f16 and bf16: for each group and each column j, the eight rows' weights j side by side.
/// The bytes are exactly the matrix's, reordered.
package struct InterleavedRows: Sendable, Equatable {
    /// Rows per group.
    package static let groupRows = 8
    /// Whole groups; rows past `groups × 8` are read from the plain layout.
    package let groups: Int
    /// groups × blocks per row × 8 × the format's bytes per block.
    package let bytes: [UInt8]

    /// The fields of one block in order, as (bytes, bytes per chunk): each field's chunks are interleaved
    /// across the eight rows in turn.
    static func fields(of format: WeightFormat) -> [(bytes: Int, chunk: Int)] {
        switch format {
        case .f32, .f16, .bf16: [(format.bytesPerBlock, format.bytesPerBlock)]
        case .q8_0, .q4_0: [(2, 2), (format.bytesPerBlock - 2, 4)]
        case .q4_K: [(2, 2), (2, 2), (12, 1), (128, 4)]
        case .q5_K: [(2, 2), (2, 2), (12, 1), (32, 4), (128, 4)]
        case .q6_K: [(128, 4), (64, 4), (16, 1), (2, 2)]
        }
    }

    /// The layout of `matrix`, or nil for fewer than eight rows.
    init?(_ matrix: QuantizedMatrix) {
        guard matrix.rows >= Self.groupRows else { return nil }
        let groups = matrix.rows / Self.groupRows
        let blockBytes = matrix.format.bytesPerBlock
        let fields = Self.fields(of: matrix.format)
        let blocks = matrix.columns / matrix.format.elementsPerBlock
        let rowBytes = matrix.bytesPerRow
        let count = groups * blocks * Self.groupRows * blockBytes
        self.groups = groups
        self.bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            LargePages.advise(buffer.baseAddress!, byteCount: count)
            matrix.bytes.withUnsafeBytes { source in
                var out = 0
                for group in 0..<groups {
                    for block in 0..<blocks {
                        var first = group * Self.groupRows * rowBytes + block * blockBytes
                        for field in fields {
                            for chunk in stride(from: first, to: first + field.bytes, by: field.chunk) {
                                for r in 0..<Self.groupRows {
                                    for i in 0..<field.chunk { buffer[out + i] = source[chunk + r * rowBytes + i] }
                                    out += field.chunk
                                }
                            }
                            first += field.bytes
                        }
                    }
                }
                initialized = out
            }
        }
    }

    private init(groups: Int, bytes: [UInt8]) {
        self.groups = groups
        self.bytes = bytes
    }

    /// The same layout in a new allocation (see `QuantizedMatrix.freshCopy`).
    func freshCopy() -> InterleavedRows {
        InterleavedRows(groups: groups, bytes: LargePages.copy(bytes))
    }
}
