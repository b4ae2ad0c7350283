import Basics
import Foundation
import Literate

/// Evaluated pages kept from one build of a book to the next, so that a rebuild evaluates only the
/// pages a change can move. A page is evaluated again when its text changed, when a part of the
/// evaluation context that its last evaluation read (`DataReads`) differs from now, or when a model
/// file it read by path changed; otherwise its last evaluation is used as it is. A page's evaluation
/// depends on nothing but those, so a book built through the cache is byte-identical to one built from
/// nothing: `Book.build` always evaluates through a cache (a fresh one for a one-off build).
///
/// Owns only that decision and the kept pages; it renders and writes nothing. Pages are keyed by
/// their file, so a deleted or renamed page's entry is dropped at the next build.
package final class EvaluationCache: @unchecked Sendable {
    private struct Entry: Sendable {
        var source: String
        var reads: DataReads
        var inputs: EvaluationContext.Inputs
        var fileStamps: [String: [Double]]
        var evaluated: EvaluatedPage
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var evaluatedLast: [String] = []

    package init() {}

    /// The pages (paths relative to the pages folder, sorted) that the last build evaluated; the
    /// others came from the cache.
    package var lastEvaluated: [String] {
        lock.lock()
        defer { lock.unlock() }
        return evaluatedLast
    }

    /// The reads recorded for the page at `file` by its last evaluation (nil when it has none).
    package func reads(of file: String) -> DataReads? {
        lock.lock()
        defer { lock.unlock() }
        return entries[file]?.reads
    }

    /// Every page evaluated against `context`, in the order given: kept ones where nothing they read
    /// changed, the rest evaluated anew (on all cores) and kept for the next build.
    func evaluate(_ pages: [Page], context: EvaluationContext) -> [EvaluatedPage] {
        lock.lock()
        defer { lock.unlock() }
        let kept = pages.map { page -> EvaluatedPage? in
            guard let entry = entries[page.file], entry.source == page.source, entry.evaluated.page.path == page.path,
                  entry.reads.sources.allSatisfy({ entry.inputs.same($0, as: context.data) }),
                  entry.fileStamps == Self.stamps(entry.reads.files) else { return nil }
            return entry.evaluated
        }
        let stale = pages.indices.filter { kept[$0] == nil }
        let fresh = Parallel.map(stale.map { pages[$0] }) { page -> Entry in
            let (evaluated, reads) = DataReads.recording { Literate.evaluate([page], context: context)[0] }
            return Entry(source: page.source, reads: reads, inputs: context.data, fileStamps: Self.stamps(reads.files), evaluated: evaluated)
        }
        var result = kept
        for (index, entry) in zip(stale, fresh) { result[index] = entry.evaluated }
        var next: [String: Entry] = [:]
        for (index, page) in pages.enumerated() where kept[index] != nil { next[page.file] = entries[page.file] }
        for (index, entry) in zip(stale, fresh) { next[pages[index].file] = entry }
        entries = next
        evaluatedLast = stale.map { pages[$0].path }.sorted()
        return result.map { $0! }
    }

    private static func stamps(_ files: Set<String>) -> [String: [Double]] {
        files.isEmpty ? [:] : FileStamps.snapshot(files.sorted().map { URL(fileURLWithPath: $0) })
    }
}
