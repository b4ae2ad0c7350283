import Basics
import Foundation

/// Writes a rendered book into the output folder through `StagedOutput`: under an exclusive lock on
/// the folder, into a staging folder of its own, published in one atomic step only when all of it was
/// written, so a failed build leaves the previous output byte-for-byte untouched and a reader never
/// sees half of two builds. Only `site/`, `markdown/`, `values.json` and `changes.md` are replaced,
/// and only in a folder infrabook owns (or where they do not exist yet).
package enum SiteWriter {
    /// The entries of the output folder a build owns.
    package static let entries = ["site", "markdown", "values.json", "changes.md"]

    /// The previous build's values (`values.json` in `outputDirectory`), for the changes report.
    package static func previousValues(in outputDirectory: URL) -> [ValueRecord]? {
        ValuesFile.read(outputDirectory.appendingPathComponent("values.json"))
    }

    /// Writes `site` into `outputDirectory` (created if missing) through a staging folder.
    package static func write(_ site: RenderedSite, to outputDirectory: URL) throws {
        let staged = try StagedOutput(outputDirectory: outputDirectory, entries: entries)
        do {
            try finish(site, in: staged)
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Renders `builder`'s book straight into a staging folder in `outputDirectory` (pages are written
    /// while others are still rendering) and publishes it. Any failure, a broken link (`Diagnostics`)
    /// or a file that could not be written, leaves the output folder as it was.
    package static func build(_ builder: SiteBuilder, into outputDirectory: URL) throws -> RenderedSite {
        // The lock is taken first, so the previous values are those of the build this one replaces.
        let staged = try StagedOutput(outputDirectory: outputDirectory, entries: entries)
        do {
            let previous = previousValues(in: outputDirectory)
            let site = try builder.render(previousValues: previous, streamingTo: staged)
            if let failure = site.writeFailures.first {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "could not write \(failure)"])
            }
            try finish(site, in: staged)
            return site
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Writes the files `site` holds and the template assets into `staged`, then publishes them.
    private static func finish(_ site: RenderedSite, in staged: StagedOutput) throws {
        let files = site.files.sorted { $0.key < $1.key }
        let failures = Parallel.map(files) { file -> String? in
            do { try staged.write(file.value, to: file.key); return nil } catch { return "\(file.key): \(error)" }
        }
        if let failure = failures.compactMap({ $0 }).first {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "could not write \(failure)"])
        }
        for asset in site.assets {
            try staged.copy(asset.source, to: asset.path)
        }
        try staged.commit()
    }
}
