import Dispatch
import Foundation

/// Independent work on every core with the results kept in input order, so output stays deterministic
/// whatever the scheduling: the one ordered parallel map that page loading and rendering share.
///
/// Owns the spreading and the ordering; never shares state between items (each transform sees only
/// its own input) and never changes the order of what comes back.
package enum Parallel {
    /// `transform` applied to every item, spread over all cores, results in the order of `items`.
    package static func map<Input: Sendable, Output>(_ items: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        if items.count < 2 { return items.map(transform) }
        let results = Results<Output>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, transform(items[index]))
        }
        return results.values()
    }

    /// One slot per item; each slot is written by exactly one iteration, under a lock.
    private final class Results<Value>: @unchecked Sendable {
        private var slots: [Value?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Value) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }
        func values() -> [Value] { slots.map { $0! } }
    }
}
