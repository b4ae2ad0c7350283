import Foundation
import Sizing
import Testing

/// The calibration fitter recovers constants it was given: synthetic "measurements" made from a
/// roofline-shaped model with known efficiencies and overhead, then fitted from a wrong start.
struct LeastSquaresFitTests {
    /// Tokens per second of a step that streams `bytes` at `bandwidth` × memory efficiency, does
    /// `flops` at `peak` × compute efficiency, and pays a fixed overhead: the shape the engine's step model has.
    static func throughput(_ c: [Double], bytes: Double, flops: Double) -> Double {
        let bandwidth = 3.35e12, peak = 989e12
        return 1 / (bytes / (bandwidth * c[0]) + flops / (peak * c[1]) + c[2])
    }

    /// Cases spanning memory-bound and compute-bound steps, so each constant matters somewhere.
    static let cases: [(bytes: Double, flops: Double)] = [
        (16e9, 1e12), (140e9, 1e12), (8e9, 400e12), (70e9, 900e12), (2e9, 2e12), (30e9, 200e12), (1e9, 50e12), (100e9, 50e12),
    ]

    @Test func recoversKnownConstantsFromExactData() {
        let truth = [0.72, 0.41, 3.0e-4]
        let measured = Self.cases.map { Self.throughput(truth, bytes: $0.bytes, flops: $0.flops) }
        let result = LeastSquaresFit.fit(initial: [0.5, 0.5, 1e-3]) { c in
            zip(Self.cases, measured).map { Foundation.log(Self.throughput(c, bytes: $0.0.bytes, flops: $0.0.flops) / $0.1) }
        }
        #expect(result.converged)
        for (fitted, known) in zip(result.parameters, truth) {
            #expect(abs(fitted / known - 1) < 1e-4, "\(fitted) vs \(known)")
        }
        #expect(result.rms < 1e-8)
    }

    @Test func recoversConstantsThroughNoise() {
        // ±3% multiplicative noise, alternating in sign: the fit still lands within a few percent.
        let truth = [0.8, 0.55, 1.0e-4]
        let measured = Self.cases.enumerated().map { index, c in
            Self.throughput(truth, bytes: c.bytes, flops: c.flops) * (index % 2 == 0 ? 1.03 : 0.97)
        }
        let result = LeastSquaresFit.fit(initial: [0.3, 0.9, 1e-2]) { c in
            zip(Self.cases, measured).map { Foundation.log(Self.throughput(c, bytes: $0.0.bytes, flops: $0.0.flops) / $0.1) }
        }
        #expect(abs(result.parameters[0] / truth[0] - 1) < 0.05)
        #expect(abs(result.parameters[1] / truth[1] - 1) < 0.10)
        #expect(result.rms < 0.035)
    }

    @Test func leaveOneOutErrorIsNearZeroOnExactData() {
        let truth = [0.72, 0.41, 3.0e-4]
        let measured = Self.cases.map { Self.throughput(truth, bytes: $0.bytes, flops: $0.flops) }
        let errors = LeastSquaresFit.leaveOneOut(initial: [0.5, 0.5, 1e-3], count: Self.cases.count) { c, i in
            Foundation.log(Self.throughput(c, bytes: Self.cases[i].bytes, flops: Self.cases[i].flops) / measured[i])
        }
        #expect(errors.count == Self.cases.count)
        #expect(errors.allSatisfy { abs($0) < 1e-3 })
    }

    @Test func aConstantNoRecordDependsOnStaysWhereItStarted() {
        // Only memory-bound cases: compute efficiency has no say, and must not run off to 0 or ∞.
        let memoryBound = Self.cases.filter { $0.flops < 10e12 }
        let truth = [0.7, 0.5, 2e-4]
        let measured = memoryBound.map { Self.throughput(truth, bytes: $0.bytes, flops: $0.flops) }
        let result = LeastSquaresFit.fit(initial: [0.5, 0.5, 1e-3]) { c in
            zip(memoryBound, measured).map { Foundation.log(Self.throughput(c, bytes: $0.0.bytes, flops: $0.0.flops) / $0.1) }
        }
        #expect(result.parameters.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(abs(result.parameters[0] / truth[0] - 1) < 0.01)
    }
}
