import Foundation

/// What one page's evaluation read from outside its own text: which parts of the evaluation context
/// (the catalog, the prices, the benchmark, the measurements, the build's date) and which model files
/// by path. Recorded by the evaluation itself, as it reads, so a later build can tell whether a page's
/// values could have moved; never guessed from the page's text.
///
/// Recording owns no rule about what changed: `Site`'s evaluation cache compares the recorded reads
/// with the next build's inputs. It never reads a file itself.
package struct DataReads: Sendable, Hashable {
    /// The parts of `EvaluationContext` a page can read.
    package enum Source: String, Sendable, Hashable, CaseIterable {
        case catalog, prices, benchmark, measurements, today
    }

    package var sources: Set<Source> = []
    /// Model files and folders a block read by path, as they were opened.
    package var files: Set<String> = []

    package init(sources: Set<Source> = [], files: Set<String> = []) {
        self.sources = sources
        self.files = files
    }

    /// Runs `body`, returning its result and everything it read through an `EvaluationContext` or a
    /// model path. Recordings nest: an inner recording's reads count for the outer one too.
    package static func recording<T>(_ body: () throws -> T) rethrows -> (T, DataReads) {
        let log = Log(outer: Log.current)
        let result = try Log.$current.withValue(log) { try body() }
        return (result, log.reads)
    }

    /// Notes a read in the recording under way on this thread or task, if any.
    static func note(_ source: Source) {
        Log.current?.note { $0.sources.insert(source) }
    }

    /// Notes a model file or folder read by path.
    static func note(file path: String) {
        Log.current?.note { $0.files.insert(path) }
    }

    /// The reads of one recording; one page is evaluated on one thread, but a block may fan out, so
    /// notes are taken under a lock.
    final class Log: @unchecked Sendable {
        @TaskLocal static var current: Log?

        private let lock = NSLock()
        private var taken = DataReads()
        private let outer: Log?

        init(outer: Log?) { self.outer = outer }

        func note(_ change: (inout DataReads) -> Void) {
            lock.lock()
            change(&taken)
            lock.unlock()
            outer?.note(change)
        }

        var reads: DataReads {
            lock.lock()
            defer { lock.unlock() }
            return taken
        }
    }
}
