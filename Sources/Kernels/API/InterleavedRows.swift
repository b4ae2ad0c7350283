/// The decode layout of a matrix: its rows in groups of eight, interleaved so that one vector load holds
/// weights of all eight rows and lane r of every product is row r. The vector paths read it for one to
/// three tokens: the plain layout leaves each q8_0/q4_0 row block to be summed across lanes and its scale
/// to be gathered (llama.cpp repacks its Q4_0 for the same reason), and each float row to reload as many
/// activation bytes from L1 as it streams weight bytes. Owns the byte shuffle from ggml rows to this
/// layout; never does arithmetic, and is never the only copy of the weights (`QuantizedMatrix.bytes`
/// stays ggml's).
///
/// q8_0 and q4_0: for each group of eight rows and each block b (in order), `8 × bytesPerBlock` bytes: the
/// eight rows' fp16 scales (16 bytes), then the levels in 4-byte chunks, chunk c of rows 0…7 side by side
/// (32 bytes per chunk): for q8_0 chunk c holds levels 4c…4c+3 (8 chunks); for q4_0 it holds ggml's packed
/// bytes 4c…4c+3, whose low nibbles are elements 4c…4c+3 and high nibbles elements 16+4c…16+4c+3 (4 chunks).
/// f32, f16 and bf16: for each group and each column j, the eight rows' weights j side by side.
/// The bytes are exactly the matrix's, reordered.
package struct InterleavedRows: Sendable, Equatable {
    /// Rows per group.
    package static let groupRows = 8
    /// Whole groups; rows past `groups × 8` are read from the plain layout.
    package let groups: Int
    /// groups × blocks per row × 8 × the format's bytes per block.
    package let bytes: [UInt8]

    /// The layout of `matrix`, or nil for fewer than eight rows or a K-quant (whose kernels read ggml's rows).
    init?(_ matrix: QuantizedMatrix) {
        guard matrix.rows >= Self.groupRows, !matrix.format.isKQuant else { return nil }
        let groups = matrix.rows / Self.groupRows
        let blockBytes = matrix.format.bytesPerBlock
        // Float formats: one weight per chunk and no scales.
        let scaleBytes = matrix.format.usesIntegerDotProducts ? 2 : 0
        let chunkBytes = matrix.format.usesIntegerDotProducts ? 4 : blockBytes
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
                        let first = group * Self.groupRows * rowBytes + block * blockBytes
                        for r in 0..<Self.groupRows {
                            for i in 0..<scaleBytes { buffer[out + i] = source[first + r * rowBytes + i] }
                            out += scaleBytes
                        }
                        for chunk in stride(from: scaleBytes, to: blockBytes, by: chunkBytes) {
                            for r in 0..<Self.groupRows {
                                for i in 0..<chunkBytes { buffer[out + i] = source[first + r * rowBytes + chunk + i] }
                                out += chunkBytes
                            }
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
