/// What moved since the previous build: every value whose number or text differs from the last
/// `values.json`, with the inputs that differ (the input that moved it), plus values that appeared or
/// went away. A second build of the same input reports "No values changed."
public struct ChangesReport: Sendable {
    /// One value that moved.
    public struct Change: Sendable, Equatable {
        public var page: String
        public var name: String
        public var old: String
        public var new: String
        /// `input: old → new` for each input that differs; empty when only the formula changed.
        public var movedBy: [String]
    }

    /// False when there was no earlier build to compare with.
    public let hadPrevious: Bool
    public let changed: [Change]
    public let added: [ValueRecord]
    public let removed: [ValueRecord]
    public let valueCount: Int

    public init(previous: [ValueRecord]?, current: [ValueRecord]) {
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
            changed.append(Change(page: record.page, name: Self.label(record), old: before.shown, new: record.shown, movedBy: movedBy))
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
    public var summary: String {
        guard hadPrevious else { return "no previous build to compare" }
        let count = changed.count
        return count == 1 ? "1 value changed" : "\(count) values changed"
    }

    /// The report as GitHub-flavoured Markdown (`changes.md`).
    public func markdown() -> String {
        var out = "# Changes since the previous build\n\n"
        guard hadPrevious else {
            return out + "No previous build to compare with; this build recorded \(valueCount) value\(valueCount == 1 ? "" : "s").\n"
        }
        if changed.isEmpty && added.isEmpty && removed.isEmpty {
            return out + "No values changed.\n"
        }
        out += "\(changed.count) value\(changed.count == 1 ? "" : "s") changed, \(added.count) added, \(removed.count) removed.\n"
        if !changed.isEmpty {
            out += "\n## Changed\n\n| Page | Value | Old | New | Moved by |\n| --- | --- | ---: | ---: | --- |\n"
            for change in changed {
                let moved = change.movedBy.isEmpty ? "formula or code" : change.movedBy.joined(separator: "; ")
                out += "| " + [change.page, change.name, change.old, change.new, moved].map(MarkdownText.escape).joined(separator: " | ") + " |\n"
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
