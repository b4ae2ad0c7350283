/// What this CPU can run, read once at run time, so the kernels pick a path that exists here.
/// Reads `/proc/cpuinfo` (Linux); anywhere else it reports nothing and the scalar path is used.

import Foundation

/// The processor's name, core count and the vector extensions the kernels care about.
package struct CPUFeatures: Sendable, Equatable {
    /// The model name the operating system reports ("AMD EPYC ..."), or "unknown".
    package var modelName: String
    /// Logical processors online.
    package var logicalCores: Int
    /// Extensions present, lower case and sorted ("avx2", "avx512f", "f16c", "fma", ...), only those the kernels know.
    package var extensions: [String]

    /// Extensions worth reporting (those the vector paths need, plus others a later kernel version might use).
    static let reported: Set<String> = ["avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_vnni", "avx512_bf16", "avx_vnni"]

    /// This machine, detected once.
    package static let current: CPUFeatures = detect()

    private static func detect() -> CPUFeatures {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return CPUFeatures(modelName: "unknown", logicalCores: cores, extensions: [])
        }
        var model = "unknown"
        var flags: [String] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "model name", model == "unknown" { model = parts[1] }
            if parts[0] == "flags", flags.isEmpty { flags = parts[1].split(separator: " ").map(String.init) }
        }
        return CPUFeatures(modelName: model, logicalCores: cores, extensions: flags.filter(reported.contains).sorted())
    }
}
