/// The two ceilings each kernel is compared against, measured in the same run: how fast all threads
/// can read (and copy) a buffer far larger than the caches, and how many f32 FMAs they can retire.
/// Each reports its best repeat (as STREAM does): other work on the machine only ever lowers a ceiling.
/// Both check a result so the optimiser cannot remove the work.

import Dispatch
import Foundation
internal import KernelsAVX2
internal import KernelsAVX512

enum MachineProbe {
    /// Read and copy bandwidth (GB/s) and FMA throughput (GFLOP/s) with all the options' threads.
    struct Ceilings {
        var readGBps: Double
        var copyGBps: Double
        var fmaGFLOPs: Double

        init(_ options: BenchmarkOptions) {
            // Twice the kernels' repeats: each probe takes milliseconds, and a ceiling is the best of its repeats,
            // so more of them make it less likely that every one met another program's burst.
            let repeats = 2 * options.minimumRepeats
            readGBps = readBandwidth(bytes: options.probeBytes, threads: options.threads, repeats: repeats, path: options.path)
            copyGBps = copyBandwidth(bytes: options.probeBytes / 2, threads: options.threads, repeats: repeats)
            fmaGFLOPs = fmaPeak(iterations: options.fmaIterations, threads: options.threads, repeats: repeats, path: options.path)
        }

        mutating func keepBest(_ other: Ceilings) {
            readGBps = max(readGBps, other.readGBps)
            copyGBps = max(copyGBps, other.copyGBps)
            fmaGFLOPs = max(fmaGFLOPs, other.fmaGFLOPs)
        }
    }

    /// Bytes one timed read covers: twice the 32 MiB last-level cache here, and about what one GEMV of
    /// 14336×4096 q8_0 weights reads (62 MB).
    static let readWindowBytes = 64 << 20

    /// Reads `bytes` (a multiple of 256) with `threads` threads and returns the best GB/s of all the reads:
    /// the machine's read bandwidth is the fastest way found to read it. Each timed read covers one window
    /// of `readWindowBytes`, split into one contiguous share per thread; the windows walk through the buffer,
    /// so each was last read three or more windows ago and comes from memory, not cache. Timing windows of
    /// the size a GEMV reads makes the probe's best comparable with the kernels' (whole sweeps of 512 MiB
    /// read 20% slower at best: fewer, longer samples, each more likely to meet another program).
    /// On the vector paths the loop is `AVX2Probes.readSum` (the 256-bit loads the kernels use), each share read
    /// as 1, 2 and 4 side-by-side streams in turn; elsewhere a portable loop with 128-bit loads, two streams.
    /// The first read (which may still fault in pages) is not counted.
    static func readBandwidth(bytes: Int, threads: Int, repeats: Int, path: KernelPath) -> Double {
        let reads = TimedReads(bytes: bytes, threads: threads, path: path)
        let window = min(bytes, readWindowBytes) / 256 * 256
        var streamCounts = [2]
        #if arch(x86_64)
        if path != .scalar { streamCounts = AVX2Probes.streamCounts }
        #endif
        let speeds = (0..<4 * repeats * streamCounts.count + 1).map { attempt in
            reads.gbps(bytes: window, streams: streamCounts[attempt % streamCounts.count])
        }
        return speeds.dropFirst().max()!
    }

    /// The read loop for CPUs without AVX2: two streams per thread (the halves of its share), four
    /// accumulators. One stream per core left the hardware prefetchers short of work.
    @inline(never)
    static func portableReadSum(_ base: UnsafeRawPointer, _ range: Range<Int>) -> Float {
        let half = range.count / 256 * 128
        var a = SIMD4<Float>(), b = SIMD4<Float>(), c = SIMD4<Float>(), d = SIMD4<Float>()
        var offset = range.lowerBound
        while offset < range.lowerBound + half {
            for line in stride(from: 0, to: 128, by: 32) {
                a += base.load(fromByteOffset: offset + line, as: SIMD4<Float>.self)
                b += base.load(fromByteOffset: offset + line + 16, as: SIMD4<Float>.self)
                c += base.load(fromByteOffset: offset + half + line, as: SIMD4<Float>.self)
                d += base.load(fromByteOffset: offset + half + line + 16, as: SIMD4<Float>.self)
            }
            offset += 128
        }
        var tail = SIMD4<Float>()
        for rest in stride(from: range.lowerBound + 2 * half, to: range.upperBound, by: 16) {
            tail += base.load(fromByteOffset: rest, as: SIMD4<Float>.self)
        }
        return (a + b + c + d + tail).sum()
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

    /// Runs 12 independent multiply-add chains per thread in the path's widest registers: fused (FMA) and
    /// 16 lanes on the AVX-512 path, fused and 8 lanes on AVX2, where the kernels use FMA; a multiply then an
    /// add of 8 lanes elsewhere, as the scalar path computes. Returns the best GFLOP/s (2 flops per lane per step).
    static func fmaPeak(iterations: Int, threads: Int, repeats: Int, path: KernelPath) -> Double {
        var times: [Double] = []
        var checksum: Float = 0
        for _ in 0..<repeats + 1 {
            let sums = _UnsafeFloatSlots(count: threads)
            defer { sums.free() }
            times.append(Timing.seconds {
                _WorkerPool.shared.run(iterations: threads) { worker in
                    #if arch(x86_64)
                    if path == .avx512 { return sums.set(worker, AVX512Probes.fmaChains(iterations: iterations, seed: Float(worker))) }
                    if path != .scalar { return sums.set(worker, AVX2Probes.fmaChains(iterations: iterations, seed: Float(worker))) }
                    #endif
                    sums.set(worker, portableMultiplyAddChains(iterations: iterations, seed: Float(worker)))
                }
            })
            checksum += sums.total()
        }
        precondition(checksum.isFinite, "the FMA probe's checksum is not finite")
        let lanes: Double = path == .avx512 ? 16 : 8
        let flops = Double(threads) * Double(iterations) * 12 * lanes * 2
        return flops / times.dropFirst().min()! / 1e9
    }

    /// 12 chains of x·0.999 + 0.001 (stays near 1 forever) with a separate multiply and add: without FMA
    /// hardware, `addingProduct` would be a library call per lane.
    @inline(never)
    static func portableMultiplyAddChains(iterations: Int, seed: Float) -> Float {
        let scale = SIMD8<Float>(repeating: 0.999), step = SIMD8<Float>(repeating: 0.001)
        var a = InlineArray<12, SIMD8<Float>>(repeating: SIMD8(repeating: seed))
        for _ in 0..<iterations {
            for i in 0..<12 { a[i] = a[i] * scale + step }
        }
        var total = SIMD8<Float>()
        for i in 0..<12 { total += a[i] }
        return total.sum()
    }
}

/// Timed reads of a buffer far larger than the caches, each walking on from where the last one ended so it
/// comes from memory: the read probe's windows, and the read each memory-bound kernel repeat is paired with
/// (`Result.shareOfPairedRead`: as many bytes, right before it, one contiguous share per thread as the
/// kernels split their rows).
final class TimedReads {
    private let buffer: _UnsafeProbeBuffer
    private let threads: Int
    private let path: KernelPath
    private var offset = 0
    private var checksum: Float = 0

    init(bytes: Int, threads: Int, path: KernelPath) {
        buffer = _UnsafeProbeBuffer(bytes: bytes)
        self.threads = threads
        self.path = path
    }

    deinit {
        precondition(checksum.isFinite, "the read probe's checksum is not finite")
        buffer.free()
    }

    /// Reads about `bytes` (at most the buffer, in whole 128-byte lines) as `streams` side-by-side streams per
    /// thread (1, 2 or 4 on the vector paths; the portable loop always reads two); returns GB/s.
    func gbps(bytes: Int, streams: Int = 1) -> Double {
        let lines = max(threads, min(bytes, buffer.bytes) / 128)
        if offset + lines * 128 > buffer.bytes { offset = 0 }
        let first = offset, threads = threads, path = path, buffer = buffer
        offset += lines * 128
        let sums = _UnsafeFloatSlots(count: threads)
        defer { sums.free() }
        let seconds = Timing.seconds {
            _WorkerPool.shared.run(iterations: threads) { worker in
                let range = first + lines * worker / threads * 128..<first + lines * (worker + 1) / threads * 128
                #if arch(x86_64)
                if path != .scalar { return sums.set(worker, AVX2Probes.readSum(UnsafeRawPointer(buffer.base), range, streams: streams)) }
                #endif
                sums.set(worker, MachineProbe.portableReadSum(UnsafeRawPointer(buffer.base), range))
            }
        }
        checksum += sums.total()
        return Double(lines * 128) / seconds / 1e9
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

/// A page-aligned buffer filled with a pattern (so every page is really mapped before it is timed), on
/// 2 MiB pages where the system grants them, as the weights are.
struct _UnsafeProbeBuffer: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let bytes: Int

    init(bytes: Int) {
        precondition(bytes > 0 && bytes % 128 == 0, "probe buffers are whole 128-byte lines")
        self.bytes = bytes
        base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 4096)
        LargePages.advise(base, byteCount: bytes)
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
