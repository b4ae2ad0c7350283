import Basics
import Sizing

/// What moved since the previous build: every value whose number or text differs from the last
/// `values.json`, with the inputs that differ (the input that moved it), plus values that appeared or
/// went away. A second build of the same input reports "No values changed."
///
/// The report reads top down: first the inputs that moved (values read straight from the data, such
/// as a price from the price list: "price list: h100-sxm, on_demand: $2.99/h → $3.25/h (+8.7%)"),
/// then the values they moved, grouped by page with a link to it, each as old → new with the change in
/// percent and what moved it. "Formula or code" is named only when no input moved at all.
package struct ChangesReport: Sendable {
    /// One value that moved.
    package struct Change: Sendable, Equatable {
        package var page: String
        package var name: String
        package var old: String
        package var new: String
        /// `input: old → new` for each input that differs; empty when only the formula changed.
        package var movedBy: [String]
        /// The numbers behind `old` and `new`, for the change in percent (nil for text).
        package var oldNumber: Double? = nil
        package var newNumber: Double? = nil
        /// The value's formula, to tell inputs read from the data from computed values.
        package var formula = ""
    }

    /// False when there was no earlier build to compare with.
    package let hadPrevious: Bool
    package let changed: [Change]
    package let added: [ValueRecord]
    package let removed: [ValueRecord]
    package let valueCount: Int

    package init(previous: [ValueRecord]?, current: [ValueRecord]) {
        valueCount = current.count
        guard let previous else {
            hadPrevious = false
            changed = []
            added = []
            removed = []
            return
        }
        hadPrevious = true
        var old: [String: ValueRecord] = [:]
        for record in previous { old[record.key] = record }
        var changed: [Change] = []
        var added: [ValueRecord] = []
        var seen = Set<String>()
        for record in current {
            seen.insert(record.key)
            guard let before = old[record.key] else { added.append(record); continue }
            guard !Self.same(before, record) else { continue }
            var movedBy: [String] = []
            for name in Set(before.inputs.keys).union(record.inputs.keys).sorted() where before.inputs[name] != record.inputs[name] {
                movedBy.append("\(name): \(before.inputs[name] ?? "(none)") → \(record.inputs[name] ?? "(none)")")
            }
            changed.append(Change(page: record.page, name: Self.label(record), old: before.shown, new: record.shown, movedBy: movedBy,
                                  oldNumber: before.number, newNumber: record.number, formula: record.formula))
        }
        self.changed = changed
        self.added = added
        self.removed = previous.filter { !seen.contains($0.key) }.sorted(by: ValueRecord.ordered)
    }

    private static func same(_ a: ValueRecord, _ b: ValueRecord) -> Bool {
        if let x = a.number, let y = b.number {
            return x == y || abs(x - y) <= 1e-12 * max(abs(x), abs(y))
        }
        return a.number == b.number && a.text == b.text && a.formatted == b.formatted
    }

    static func label(_ record: ValueRecord) -> String {
        if let block = record.block { return block + "." + record.name }
        return record.expression ?? record.name
    }

    /// One line for the build summary: `3 values changed`.
    package var summary: String {
        guard hadPrevious else { return "no previous build to compare" }
        let count = changed.count
        return count == 1 ? "1 value changed" : "\(count) values changed"
    }

    /// A changed value that is a fact read from the data rather than computed: the formula (or its
    /// last step, after " = ") names the price list or a datasheet. Returns what it is, e.g.
    /// "price list: h100-sxm, on_demand".
    static func input(_ change: Change) -> String? {
        let last = change.formula.components(separatedBy: " = ").last ?? change.formula
        if last.hasPrefix("price list: ") || last.hasSuffix(" datasheet") || last.hasSuffix(" datasheet, dense") { return last }
        return nil
    }

    /// `+8.7%`, `-12.5%`; nil when either side is not a number or the old one is zero.
    static func percentChange(_ change: Change) -> String? {
        guard let old = change.oldNumber, let new = change.newNumber, old != 0, old.isFinite, new.isFinite else { return nil }
        let percent = (new - old) / abs(old) * 100
        let text = Basics.NumberText.fixed(abs(percent), places: abs(percent) < 10 ? 1 : 0)
        return (percent < 0 ? "-" : "+") + text + "%"
    }

    /// The report as GitHub-flavoured Markdown. Page links are `linkPrefix` + the page's HTML file:
    /// `site/` from `changes.md` beside the site folder, nothing from `changes.html` inside it.
    package func markdown(linkPrefix: String = "site/") -> String {
        var out = "# Changes since the previous build\n\n"
        guard hadPrevious else {
            return out + "No previous build to compare with; this build recorded \(Basics.NumberText.count(valueCount, "value")).\n"
        }
        if changed.isEmpty && added.isEmpty && removed.isEmpty {
            return out + "No values changed.\n"
        }
        out += "\(Basics.NumberText.count(changed.count, "value")) changed, \(added.count) added, \(removed.count) removed.\n"
        // The inputs first: each fact read from the data that moved, once, however many pages read it.
        var inputs: [(what: String, change: Change)] = []
        for change in changed {
            guard let what = Self.input(change) else { continue }
            if let index = inputs.firstIndex(where: { $0.what == what }) {
                // Show the input in its own unit ($2.99/h), not as some page filtered it ($2.99).
                if inputs[index].change.name.contains("|"), !change.name.contains("|") { inputs[index].change = change }
            } else {
                inputs.append((what, change))
            }
        }
        let anyInputMoved = !inputs.isEmpty || changed.contains { !$0.movedBy.isEmpty }
        if !inputs.isEmpty {
            out += "\n## Inputs that moved\n\n"
            for (what, change) in inputs {
                let percent = Self.percentChange(change).map { " (\($0))" } ?? ""
                out += "- \(MarkdownText.escape(what)): \(MarkdownText.escape(change.old)) → \(MarkdownText.escape(change.new))\(percent)\n"
            }
        }
        if !changed.isEmpty {
            out += "\n## Values they moved, by page\n"
            var pages: [String] = []
            for change in changed where !pages.contains(change.page) { pages.append(change.page) }
            for page in pages {
                out += "\n### [\(MarkdownText.escape(page))](\(linkPrefix)\(SitePath.html(for: page)))\n\n"
                out += "| Value | Was → now | Change | Moved by |\n| --- | --- | ---: | --- |\n"
                for change in changed where change.page == page {
                    let moved = change.movedBy.isEmpty
                        ? (anyInputMoved ? "the inputs above" : "formula or code")
                        : change.movedBy.joined(separator: "; ")
                    // A pipe must be escaped even inside a code span in a GFM table cell.
                    let code = change.name.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|")
                    let cells = ["`\(code)`",
                                 MarkdownText.escape("\(change.old) → \(change.new)"),
                                 Self.percentChange(change) ?? "—", MarkdownText.escape(moved)]
                    out += "| " + cells.joined(separator: " | ") + " |\n"
                }
            }
        }
        if !added.isEmpty {
            out += "\n## Added\n\n| Page | Value | New |\n| --- | --- | ---: |\n"
            for record in added {
                out += "| " + [record.page, Self.label(record), record.shown].map(MarkdownText.escape).joined(separator: " | ") + " |\n"
            }
        }
        if !removed.isEmpty {
            out += "\n## Removed\n\n| Page | Value | Old |\n| --- | --- | ---: |\n"
            for record in removed {
                out += "| " + [record.page, Self.label(record), record.shown].map(MarkdownText.escape).joined(separator: " | ") + " |\n"
            }
        }
        return out
    }
}
