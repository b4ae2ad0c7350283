/// The threads the kernels and probes run on, kept ready between calls.
///
/// `DispatchQueue.concurrentPerform`, and parked threads of our own woken per call, gave no speed-up for
/// a 2-thread GEMV here (0.64 ms either way for 4096×4096 q4_0): in this virtual machine an idle core
/// takes a large share of a sub-millisecond product to wake. So helpers spin for a moment after each
/// share, catching the next call of a benchmark or a decode loop at once, and only then park.

import Foundation
import Synchronization

/// Helper threads that run the shares of one call at a time; the caller runs share 0 itself.
final class _WorkerPool: @unchecked Sendable {
    /// Shared by every product and probe in the process; callers take turns through `callers`.
    static let shared = _WorkerPool()

    /// How long a helper (and a waiting caller) polls before parking, in nanoseconds.
    static let spinNanoseconds: UInt64 = 2_000_000

    private let callers = NSLock()
    private let condition = NSCondition()
    /// Incremented once per call that uses helpers; a helper works when it sees a new value.
    private let posted = Atomic<Int>(0)
    /// Shares of the current call: helper i runs share i when i < shares.
    private let shares = Atomic<Int>(0)
    /// Helper shares of the current call not yet finished.
    private let unfinished = Atomic<Int>(0)
    /// The current call's work; written only while no helper share is unfinished.
    private var job: (@Sendable (Int) -> Void)?
    /// Helpers started (guarded by `callers`).
    private var helpers = 0

    /// Calls `body(i)` for i in 0..<iterations, share 0 on the calling thread and each other share on its
    /// own helper thread, and returns when all have finished.
    func run(iterations count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        callers.lock()
        defer { callers.unlock() }
        while helpers < count - 1 {
            helpers += 1
            let share = helpers
            Thread { [unowned self] in self.helperLoop(share: share) }.start()
        }
        job = body
        shares.store(count, ordering: .relaxed)
        unfinished.store(count - 1, ordering: .relaxed)
        condition.lock()
        posted.add(1, ordering: .releasing)
        condition.broadcast()
        condition.unlock()

        body(0)

        if !poll({ unfinished.load(ordering: .acquiring) == 0 }) {
            condition.lock()
            while unfinished.load(ordering: .acquiring) > 0 { condition.wait() }
            condition.unlock()
        }
        job = nil
    }

    private func helperLoop(share: Int) {
        var seen = 0
        while true {
            if !poll({ posted.load(ordering: .acquiring) != seen }) {
                condition.lock()
                while posted.load(ordering: .acquiring) == seen { condition.wait() }
                condition.unlock()
            }
            seen = posted.load(ordering: .acquiring)
            guard share < shares.load(ordering: .relaxed) else { continue }
            job!(share)
            if unfinished.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                condition.lock()
                condition.broadcast()
                condition.unlock()
            }
        }
    }

    /// Polls `done` for up to `spinNanoseconds`; true as soon as it holds. Yields the core between rounds,
    /// so that when other programs leave us one core, the thread we wait for can run on it.
    private func poll(_ done: () -> Bool) -> Bool {
        let start = DispatchTime.now().uptimeNanoseconds
        while true {
            for _ in 0..<64 where done() { return true }
            if DispatchTime.now().uptimeNanoseconds - start > Self.spinNanoseconds { return done() }
            sched_yield()
        }
    }
}
