/// The two ceilings each kernel is compared against, measured in the same run: how fast all threads
/// can read (and copy) a buffer far larger than the caches, and how many f32 FMAs they can retire.
/// Each reports its best repeat (as STREAM does): other work on the machine only ever lowers a ceiling.
/// Both check a result so the optimiser cannot remove the work.

import Dispatch
import Foundation

enum MachineProbe {
    /// Read and copy bandwidth (GB/s) and FMA throughput (GFLOP/s) with all the options' threads.
    struct Ceilings {
        var readGBps: Double
        var copyGBps: Double
        var fmaGFLOPs: Double

        init(_ options: BenchmarkOptions) {
            readGBps = readBandwidth(bytes: options.probeBytes, threads: options.threads, repeats: options.minimumRepeats)
            copyGBps = copyBandwidth(bytes: options.probeBytes / 2, threads: options.threads, repeats: options.minimumRepeats)
            fmaGFLOPs = fmaPeak(iterations: options.fmaIterations, threads: options.threads, repeats: options.minimumRepeats)
        }

        mutating func keepBest(_ other: Ceilings) {
            readGBps = max(readGBps, other.readGBps)
            copyGBps = max(copyGBps, other.copyGBps)
            fmaGFLOPs = max(fmaGFLOPs, other.fmaGFLOPs)
        }
    }

    /// Reads `bytes` (a multiple of 128) with `threads` threads, `repeats` times; returns the best GB/s.
    static func readBandwidth(bytes: Int, threads: Int, repeats: Int) -> Double {
        let buffer = _UnsafeProbeBuffer(bytes: bytes)
        defer { buffer.free() }
        var times: [Double] = []
        var checksum: Float = 0
        for _ in 0..<repeats + 1 {
            let sums = _UnsafeFloatSlots(count: threads)
            defer { sums.free() }
            let seconds = Timing.seconds {
                _WorkerPool.shared.run(iterations: threads) { worker in
                    // Two streams per thread, the two halves of its share: one stream per core left the
                    // hardware prefetchers short of work (it read slower than the q8_0 GEMV).
                    let range = buffer.share(worker, of: threads)
                    let half = range.count / 256 * 128
                    var a = SIMD8<Float>(), b = SIMD8<Float>(), c = SIMD8<Float>(), d = SIMD8<Float>()
                    var offset = range.lowerBound
                    while offset < range.lowerBound + half {
                        a += buffer.base.load(fromByteOffset: offset, as: SIMD8<Float>.self)
                        b += buffer.base.load(fromByteOffset: offset + 32, as: SIMD8<Float>.self)
                        c += buffer.base.load(fromByteOffset: offset + half, as: SIMD8<Float>.self)
                        d += buffer.base.load(fromByteOffset: offset + half + 32, as: SIMD8<Float>.self)
                        a += buffer.base.load(fromByteOffset: offset + 64, as: SIMD8<Float>.self)
                        b += buffer.base.load(fromByteOffset: offset + 96, as: SIMD8<Float>.self)
                        c += buffer.base.load(fromByteOffset: offset + half + 64, as: SIMD8<Float>.self)
                        d += buffer.base.load(fromByteOffset: offset + half + 96, as: SIMD8<Float>.self)
                        offset += 128
                    }
                    var tail = SIMD8<Float>()
                    for rest in stride(from: range.lowerBound + 2 * half, to: range.upperBound, by: 32) {
                        tail += buffer.base.load(fromByteOffset: rest, as: SIMD8<Float>.self)
                    }
                    sums.set(worker, (a + b + c + d + tail).sum())
                }
            }
            checksum += sums.total()
            times.append(seconds)
        }
        precondition(checksum.isFinite, "the read probe's checksum is not finite")
        return Double(bytes) / times.dropFirst().min()! / 1e9
    }

    /// Copies `bytes` from one buffer to another; returns the best GB/s of bytes read plus written.
    static func copyBandwidth(bytes: Int, threads: Int, repeats: Int) -> Double {
        let source = _UnsafeProbeBuffer(bytes: bytes)
        let destination = _UnsafeProbeBuffer(bytes: bytes)
        defer { source.free(); destination.free() }
        var times: [Double] = []
        for _ in 0..<repeats + 1 {
            times.append(Timing.seconds {
                _WorkerPool.shared.run(iterations: threads) { worker in
                    let range = source.share(worker, of: threads)
                    memcpy(destination.base + range.lowerBound, source.base + range.lowerBound, range.count)
                }
            })
        }
        precondition(destination.base.load(as: UInt8.self) == source.base.load(as: UInt8.self), "the copy probe did not copy")
        return 2 * Double(bytes) / times.dropFirst().min()! / 1e9
    }

    /// Runs 12 independent 8-wide FMA chains per thread (enough to cover FMA latency × 2 pipes); returns
    /// the best GFLOP/s (2 flops per lane per FMA).
    static func fmaPeak(iterations: Int, threads: Int, repeats: Int) -> Double {
        var times: [Double] = []
        var checksum: Float = 0
        for _ in 0..<repeats + 1 {
            let sums = _UnsafeFloatSlots(count: threads)
            defer { sums.free() }
            times.append(Timing.seconds {
                _WorkerPool.shared.run(iterations: threads) { worker in
                    sums.set(worker, fmaChains(iterations: iterations, seed: Float(worker)))
                }
            })
            checksum += sums.total()
        }
        precondition(checksum.isFinite, "the FMA probe's checksum is not finite")
        let flops = Double(threads) * Double(iterations) * 12 * 8 * 2
        return flops / times.dropFirst().min()! / 1e9
    }

    @inline(never)
    static func fmaChains(iterations: Int, seed: Float) -> Float {
        // x·0.999 + 0.001 stays near 1 forever, so the chains never overflow or go subnormal.
        let scale = SIMD8<Float>(repeating: 0.999), step = SIMD8<Float>(repeating: 0.001)
        var a = InlineArray<12, SIMD8<Float>>(repeating: SIMD8(repeating: seed))
        for _ in 0..<iterations {
            for i in 0..<12 { a[i] = step.addingProduct(a[i], scale) }
        }
        var total = SIMD8<Float>()
        for i in 0..<12 { total += a[i] }
        return total.sum()
    }
}

/// Wall-clock timing and summary statistics.
enum Timing {
    /// Seconds `body` took (monotonic clock).
    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

/// A page-aligned buffer filled with a pattern (so every page is really mapped before it is timed).
struct _UnsafeProbeBuffer: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let bytes: Int

    init(bytes: Int) {
        precondition(bytes > 0 && bytes % 128 == 0, "probe buffers are whole 128-byte lines")
        self.bytes = bytes
        base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
        base.initializeMemory(as: Float.self, repeating: 1, count: bytes / 4)
    }

    /// Worker `worker`'s contiguous share, a whole number of 128-byte lines.
    func share(_ worker: Int, of workers: Int) -> Range<Int> {
        let lines = bytes / 128
        return lines * worker / workers * 128..<lines * (worker + 1) / workers * 128
    }

    func free() { base.deallocate() }
}

/// One Float per worker, each written by its own worker only.
struct _UnsafeFloatSlots: @unchecked Sendable {
    let slots: UnsafeMutablePointer<Float>
    let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0, count: count)
    }
    func set(_ index: Int, _ value: Float) { slots[index] = value }
    func total() -> Float { (0..<count).reduce(0) { $0 + slots[$1] } }
    func free() { slots.deallocate() }
}
