import Basics

/// The YAML between `---` lines at the top of a page: what the site needs to list and title it.
///
/// Keys: `title` (required), `summary`, `order` (position in the navigation, lower first), `tags`
/// (a list or a single word), `allow_html` (true lets the page's raw HTML through; default false, so
/// raw HTML is shown escaped). Any other key is an error naming the nearest valid one.
package struct FrontMatter: Sendable, Equatable {
    package var title: String
    package var summary: String?
    package var order: Int?
    package var tags: [String]
    package var allowHTML: Bool

    package static let keys = ["title", "summary", "order", "tags", "allow_html"]

    package init(title: String, summary: String? = nil, order: Int? = nil, tags: [String] = [], allowHTML: Bool = false) {
        self.title = title
        self.summary = summary
        self.order = order
        self.tags = tags
        self.allowHTML = allowHTML
    }

    /// Splits `text` into its front matter and its Markdown. The Markdown keeps the page's line numbers:
    /// the front matter's lines are blanked rather than removed. Problems come back as diagnostics;
    /// the front matter is then a best effort (title from `fallbackTitle`) so the page's blocks are still checked.
    static func split(_ text: String, file: String, fallbackTitle: String) -> (FrontMatter, markdown: String, [Diagnostic]) {
        // Split on UTF-8 bytes, not characters: a line feed is always a character boundary of its own.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { text[$0.startIndex..<$0.endIndex] }
        let fallback = FrontMatter(title: fallbackTitle)
        let top = SourceLocation(file: file, line: 1, column: 1)
        guard lines.first.map({ $0.trimmingTrailingSpaces == "---" }) == true else {
            return (fallback, text, [.error(at: top, "a page must start with front matter: a line '---', 'title: ...', and a closing '---'")])
        }
        guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpaces == "---" || lines[$0].trimmingTrailingSpaces == "..." }) else {
            return (fallback, text, [.error(at: top, "the front matter opened on line 1 is never closed with a '---' line")])
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        // The lines after the closing one, joined again, are the rest of the text as it stands.
        let rest = close + 1 < lines.count ? text[lines[close + 1].startIndex...] : ""
        let markdown = String(repeating: "\n", count: close + 1) + rest
        do {
            let node = try YAMLNode.parse(yaml, file: file, lineOffset: 1)
            let (matter, problems) = read(node, fallback: fallback, at: top)
            return (matter, markdown, problems)
        } catch {
            return (fallback, markdown, error.items)
        }
    }

    private static func read(_ node: YAMLNode, fallback: FrontMatter, at top: SourceLocation) -> (FrontMatter, [Diagnostic]) {
        var matter = fallback
        var problems: [Diagnostic] = []
        let mapping: YAMLMapping
        do {
            mapping = try node.mapping("front matter as 'key: value' lines")
        } catch {
            return (fallback, [error])
        }
        problems += mapping.unknownKeys(allowed: keys, in: "front matter")
        do {
            matter.title = try mapping.required("title", in: "front matter").string()
        } catch {
            problems.append(.error(at: mapping.node.isNull ? top : error.location, error.message))
        }
        do {
            if let value = mapping["summary"], !value.isNull { matter.summary = try value.string() }
        } catch { problems.append(error) }
        do {
            if let value = mapping["order"], !value.isNull { matter.order = try value.int() }
        } catch { problems.append(error) }
        do {
            if let value = mapping["tags"] {
                var tags: [String] = []
                for item in try value.list() { tags.append(try item.word()) }
                matter.tags = tags
            }
        } catch { problems.append(error) }
        do {
            if let value = mapping["allow_html"], !value.isNull { matter.allowHTML = try value.bool() }
        } catch { problems.append(error) }
        return (matter, problems)
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
        return s
    }
}
