/// Which measured kernel run stands for the CPU's decode speed in a partial offload. Owns that rule, so every
/// front end (`size`, pages) takes the same figure from the benchmark; never reads a file or times anything:
/// the front end hands in the benchmark's one-token runs as plain values.
///
/// A small matrix's product can run from cache and outpace memory several times over (1024×4096 in q4_0 is
/// 2.3 MB), so the fastest run of a format says little about a model of gigabytes. The rate is therefore the
/// model's own decode through its projections (each shape's measured time counted per layer and active
/// expert, `ModelSpec.decodeSeconds`) when every shape was measured, else the largest shape measured.

import Catalog

extension PartialOffload.HostMeasurement {
    /// One measured one-token product (GEMV) of the CPU benchmark.
    package struct GEMVRun: Sendable, Equatable {
        /// ggml's name of the weights' format (`q4_0`).
        package var format: String
        /// m × k of the weight matrix.
        package var rows: Int
        package var columns: Int
        package var threads: Int
        /// The product's median time.
        package var seconds: Double
        /// The weight bytes one product reads.
        package var weightBytes: Double

        package init(format: String, rows: Int, columns: Int, threads: Int, seconds: Double, weightBytes: Double) {
            self.format = format
            self.rows = rows
            self.columns = columns
            self.threads = threads
            self.seconds = seconds
            self.weightBytes = weightBytes
        }
    }

    /// The CPU's rate for `model`'s weights at `precision` from the benchmark `source` (measured on `cpu`):
    /// the model's own shapes when the runs cover them all, else the largest shape measured in the format
    /// (`kernelFormat`), else the plain memory read of `readThreads` threads.
    package static func measured(cpu: String, model: ModelSpec, precision: PrecisionSpec, runs: [GEMVRun],
                                memoryReadBytesPerSecond: Double, readThreads: Int, source: String) -> Self {
        let runs = runs.filter { $0.format == kernelFormat(for: precision) && $0.seconds > 0 && $0.weightBytes > 0 }
        if let first = runs.first {
            func run(_ rows: Int, _ columns: Int) -> GEMVRun? { runs.first { $0.rows == rows && $0.columns == columns } }
            // The same weighted sum twice: time per token and bytes per token through the projections.
            if let seconds = model.decodeSeconds(format: first.format, gemv: { m, k, _ in run(m, k)?.seconds }),
               let bytes = model.decodeSeconds(format: first.format, gemv: { m, k, _ in run(m, k)?.weightBytes }), seconds > 0 {
                return .init(cpu: cpu, weightBytesPerSecond: bytes / seconds,
                             measuredAs: "\(first.format) GEMV on \(model.id)'s own shapes, \(first.threads) threads, \(source)")
            }
            // The first of the largest, so the choice does not depend on the order of equal shapes.
            let largest = runs.reduce(first) { $1.rows * $1.columns > $0.rows * $0.columns ? $1 : $0 }
            return .init(cpu: cpu, weightBytesPerSecond: largest.weightBytes / largest.seconds,
                         measuredAs: "\(largest.format) GEMV \(largest.rows)×\(largest.columns), \(largest.threads) threads, \(source)")
        }
        return .init(cpu: cpu, weightBytesPerSecond: memoryReadBytesPerSecond, measuredAs: "memory read, \(readThreads) threads, \(source)")
    }
}
