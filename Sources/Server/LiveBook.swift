import Catalog
import Foundation
import Site

/// What the server needs from the command line's loading rules: a build of the book into a folder,
/// and the catalog and prices the engine answers from. `infrabook serve` implements it with the same
/// defaults `build` and `size` use, so the server holds no rule of its own about where files are.
package protocol BookSource: Sendable {
    /// Builds the whole book into `outputDirectory` (its `site/` is what gets served), evaluating the
    /// pages through `cache`, which holds the evaluated pages of the previous builds.
    func build(into outputDirectory: URL, cache: EvaluationCache) -> BuildOutcome
    /// The catalog and the prices (nil when there is no prices file) for the API.
    func engineData() throws -> EngineData
}

/// The result of one build: a one-line summary, or every problem rendered as
/// `path:line:column: error: message` with its source line and caret.
package enum BuildOutcome: Sendable {
    case built(summary: String)
    case failed(report: String)
}

/// The catalog and prices one API answer is computed from, and the build date (which decides which
/// prices are stale) for blocks rendered by the calculator.
package struct EngineData: Sendable {
    package var catalog: DataCatalog
    package var prices: PriceList?
    /// The day as `YYYY-MM-DD`.
    package var today: String
    /// The content folder, under which the API reads model files given by path; nil reads none.
    package var contentDirectory: URL?

    package init(catalog: DataCatalog, prices: PriceList?, today: String, contentDirectory: URL? = nil) {
        self.catalog = catalog
        self.prices = prices
        self.today = today
        self.contentDirectory = contentDirectory
    }
}

/// The served state of the book: which folder holds the last good site, the error of the last build
/// when it failed, and a version that moves on every change so open pages can follow.
///
/// Builds alternate between two folders inside a temporary folder of the server's own, so the pages
/// being served are never the ones being written, and a failed build leaves the last good pages served.
/// It never writes outside that folder. A build runs outside the lock: pages, events and API answers
/// are served from the last state while the next build is under way. Builds are run one at a time
/// (by the watcher).
package final class LiveBook: @unchecked Sendable {
    /// What open pages are told: the build number of the pages served, the failure, if any, and the
    /// pages (relative to the pages folder) that the build being served evaluated anew.
    package struct State: Sendable, Equatable {
        package var generation: Int
        package var failure: String?
        package var evaluated: [String] = []
    }

    private let source: BookSource
    private let workDirectory: URL
    /// The evaluated pages kept between builds; used by one build at a time.
    private let cache = EvaluationCache()
    private let lock = NSLock()
    // Guarded by `lock`.
    private var siteDirectory: URL?
    private var current = State(generation: 0, failure: nil)
    private var engine: EngineData?
    private var engineProblem: String?
    private var stopped = false

    package init(source: BookSource, workDirectory: URL) {
        self.source = source
        self.workDirectory = workDirectory
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// What open pages are told now.
    package var state: State { locked { current } }

    /// Set when the server shuts down: event streams end so connections can close.
    package var stopping: Bool { locked { stopped } }

    /// Rebuilds the book into the folder not being served and, when it succeeds, serves it; reloads
    /// the engine's data. Returns the outcome so the terminal can show it.
    @discardableResult
    package func rebuild() -> BuildOutcome {
        let next = workDirectory.appendingPathComponent(locked { current.generation } % 2 == 0 ? "a" : "b")
        try? FileManager.default.removeItem(at: next)
        let outcome = source.build(into: next, cache: cache)
        let evaluated = cache.lastEvaluated
        let data = Result { try source.engineData() }
        locked {
            switch outcome {
            case .built:
                siteDirectory = next.appendingPathComponent("site")
                current = State(generation: current.generation + 1, failure: nil, evaluated: evaluated)
            case .failed(let report):
                current = State(generation: current.generation, failure: report)
            }
            switch data {
            case .success(let loaded): (engine, engineProblem) = (loaded, nil)
            case .failure(let error): engineProblem = "\(error)"
            }
        }
        return outcome
    }

    /// The folder of the last good site and its build number, nil before the first good build.
    package func servedSite() -> (folder: URL, generation: Int)? {
        locked { siteDirectory.map { ($0, current.generation) } }
    }

    /// The catalog and prices of the last good load of the data folder.
    package func engineData() throws(ServerError) -> EngineData {
        let (engine, problem) = locked { (self.engine, engineProblem) }
        guard let engine else {
            throw ServerError(status: 503, field: nil, message: "the catalog could not be loaded: \(problem ?? "not loaded yet")")
        }
        return engine
    }

    /// Ends every event stream (on shutdown).
    package func stop() { locked { stopped = true } }
}
