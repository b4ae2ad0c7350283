import Basics

/// The Markdown document tree: plain Swift values with the source position of every node.
///
/// This file owns the shape of the tree that the parser produces and the renderers walk. It never
/// touches C: the tree is built by `CommonMarkConverter` and holds no pointers.

/// The span a node covers, both ends inclusive. For an inline `code` node the span covers the code's
/// content between the backticks, so `start` is the column of its first character.
package struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    package var start: SourcePosition
    package var end: SourcePosition

    package init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// A range for nodes that have no place in the source (placeholders, autolink text).
    package static let unknown = SourceRange(start: SourcePosition(line: 0, column: 0), end: SourcePosition(line: 0, column: 0))

    package var description: String { "\(start)-\(end)" }
}

/// The alignment of a table column as written in the delimiter row (`:--`, `:-:`, `--:`).
package enum TableAlignment: String, Sendable, Hashable {
    case none, left, center, right
}

/// One node of a parsed Markdown document. A value type: transforming a tree builds a new one.
package struct MarkdownNode: Sendable, Hashable {
    /// What a node is. Every case but the two placeholders comes from the GFM parser.
    package enum Kind: Sendable, Hashable {
        case document
        case paragraph
        case heading(level: Int)
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        /// A list item; `task` is nil for an ordinary item, or whether a task item (`- [x]`) is checked.
        case item(task: Bool?)
        /// A fenced or indented code block: the info string (empty when none) and the code.
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case thematicBreak
        case table(alignments: [TableAlignment])
        case tableRow(isHeader: Bool)
        case tableCell
        case text(String)
        case softBreak
        case lineBreak
        /// An inline code span's content, with the backticks and the padding spaces removed.
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case strikethrough
        case link(destination: String, title: String)
        case image(source: String, title: String)
        /// Computed block content (a table, a chart) inserted after parsing; rendered by a closure.
        case blockPlaceholder(Int)
        /// A computed inline value inserted after parsing; rendered by a closure.
        case inlinePlaceholder(Int)
    }

    package var kind: Kind
    package var children: [MarkdownNode]
    package var range: SourceRange

    /// A node; placeholders made after parsing usually take the range of the node they replace.
    package init(_ kind: Kind, children: [MarkdownNode] = [], range: SourceRange = .unknown) {
        self.kind = kind
        self.children = children
        self.range = range
    }

    /// The text a reader sees in this node and its descendants, without markup (for heading slugs,
    /// image alt text and tables of contents). Code spans contribute their content; breaks a space.
    package var plainText: String {
        switch kind {
        case .text(let text), .code(let text): return text
        case .softBreak, .lineBreak: return " "
        case .htmlInline, .htmlBlock, .blockPlaceholder, .inlinePlaceholder: return ""
        default: return children.map(\.plainText).joined()
        }
    }

    /// Whether this node is a block (it holds lines) rather than an inline (it sits in a line).
    package var isBlock: Bool {
        switch kind {
        case .document, .paragraph, .heading, .blockQuote, .list, .item, .codeBlock, .htmlBlock,
             .thematicBreak, .table, .tableRow, .tableCell, .blockPlaceholder:
            return true
        default:
            return false
        }
    }

    /// A copy of the tree in which `transform` has been offered every node, outermost first. When it
    /// returns a node, that node replaces the original and its children are not visited.
    package func replacing(_ transform: (MarkdownNode) throws -> MarkdownNode?) rethrows -> MarkdownNode {
        if let replacement = try transform(self) { return replacement }
        var copy = self
        copy.children = try children.map { try $0.replacing(transform) }
        return copy
    }

    /// Calls `visit` on this node and every descendant in document order.
    package func forEach(_ visit: (MarkdownNode) throws -> Void) rethrows {
        try visit(self)
        for child in children { try child.forEach(visit) }
    }

    /// A compact indented dump with ranges (`paragraph 1:1-1:5`), one node per line, for tests and debugging.
    package var debugDump: String {
        var lines: [String] = []
        func dump(_ node: MarkdownNode, depth: Int) {
            lines.append(String(repeating: "  ", count: depth) + "\(node.kindDescription) \(node.range)")
            for child in node.children { dump(child, depth: depth + 1) }
        }
        dump(self, depth: 0)
        return lines.joined(separator: "\n")
    }

    private var kindDescription: String {
        switch kind {
        case .text(let text): return "text \(text.debugDescription)"
        case .code(let text): return "code \(text.debugDescription)"
        case .codeBlock(let info, _): return "codeBlock \(info.debugDescription)"
        case .heading(let level): return "heading(\(level))"
        default: return "\(kind)".prefix { $0 != "(" }.description
        }
    }
}
