/// The threads the kernels and probes run on. `DispatchQueue.concurrentPerform` often ran both halves of
/// a 2-thread product on one core here (the same wall time as 1 thread): a woken worker was placed on the
/// caller's busy core. So the kernels keep their own parked threads, run every share on them, and the
/// caller sleeps meanwhile, which leaves its core free for one of them.

import Foundation

/// A fixed set of parked helper threads; `run` spreads one call's iterations over them.
/// One call at a time (callers queue on a lock); the pool only grows, up to the largest thread count asked.
final class _WorkerPool: @unchecked Sendable {
    /// Shared by every product and probe in the process; its state is guarded by `condition`.
    static let shared = _WorkerPool()

    private let callers = NSLock()
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var helpers = 0
    private var job: (@Sendable (Int) -> Void)?
    private var iterations = 0
    private var nextIteration = 0
    private var unfinished = 0

    /// Calls `body(i)` for i in 0..<iterations, each on its own helper thread, and returns when all
    /// have finished.
    func run(iterations count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        callers.lock()
        defer { callers.unlock() }
        condition.lock()
        while helpers < count {
            let thread = Thread { [unowned self] in self.helperLoop() }
            thread.name = "kernels-worker-\(helpers)"
            thread.start()
            helpers += 1
        }
        job = body
        iterations = count
        nextIteration = 0
        unfinished = count
        condition.broadcast()
        while unfinished > 0 { condition.wait() }
        job = nil
        condition.unlock()
    }

    private func helperLoop() {
        condition.lock()
        while true {
            guard let job, nextIteration < iterations else {
                condition.wait()
                continue
            }
            let index = nextIteration
            nextIteration += 1
            condition.unlock()
            job(index)
            condition.lock()
            unfinished -= 1
            if unfinished == 0 { condition.broadcast() }
        }
    }
}
