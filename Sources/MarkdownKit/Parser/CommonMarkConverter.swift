import Basics
internal import CCmarkGFM
import Synchronization

/// The one place that touches libcmark-gfm: parse GFM text, copy the C tree into `MarkdownNode`
/// values, and free the parser, the nodes and the iterator before returning.
///
/// No C pointer ever leaves this file or is stored in a Swift value. Columns that cmark reports in
/// bytes are turned into character columns by `SourceLines`, which also corrects code-span columns.
enum CommonMarkConverter {
    /// The GFM extensions every page gets.
    static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// Types cmark's iterator visits once (an enter event, never an exit).
    private static let leafTypes: Set<String> = [
        "text", "softbreak", "linebreak", "code", "html_inline", "thematic_break", "code_block", "html_block",
    ]

    /// cmark-gfm 0.29 keeps the table of inline special characters (`~` for strikethrough, `|` for
    /// tables) in process-wide state that each parse adds to and then clears, so two parses at once
    /// can drop each other's extensions (`~~x~~` left as text). Parses are therefore serialised.
    private static let parseLock = Mutex(())

    static func convert(_ text: String) -> (document: MarkdownNode, tooDeep: SourcePosition?) {
        parseLock.withLock { _ in convertAlone(text) }
    }

    private static func convertAlone(_ text: String) -> (document: MarkdownNode, tooDeep: SourcePosition?) {
        cmark_gfm_core_extensions_ensure_registered()
        let lines = SourceLines(text)

        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return (MarkdownNode(.document), nil) }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return (MarkdownNode(.document), nil) }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return (MarkdownNode(.document), nil) }
        defer { cmark_iter_free(iterator) }

        // Open containers, innermost last; a leaf goes straight into the innermost one. Containers past
        // `Markdown.maximumNesting` are not opened (their content joins the innermost open one); they
        // are always the innermost, so their exit events come first and are counted off `skipped`.
        var open: [MarkdownNode] = []
        var skipped = 0
        var tooDeep: SourcePosition?
        var root = MarkdownNode(.document)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = String(cString: cmark_node_get_type_string(node))
            if event == CMARK_EVENT_ENTER {
                let copy = MarkdownNode(kind(of: node, type: type), range: range(of: node, lines: lines))
                if leafTypes.contains(type) {
                    let fixed = lines.correctingCodeSpan(copy)
                    if open.isEmpty { root.children.append(fixed) } else { open[open.count - 1].children.append(fixed) }
                } else if open.count > Markdown.maximumNesting {
                    if tooDeep == nil {
                        // Inline nodes may carry no position: then the innermost container that does.
                        tooDeep = copy.range.start.line > 0 ? copy.range.start : open.last { $0.range.start.line > 0 }?.range.start
                    }
                    skipped += 1
                } else {
                    open.append(copy)
                }
            } else if event == CMARK_EVENT_EXIT, skipped > 0 {
                skipped -= 1
            } else if event == CMARK_EVENT_EXIT, let finished = open.popLast() {
                if open.isEmpty { root = finished } else { open[open.count - 1].children.append(finished) }
            }
        }
        return (root, tooDeep)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func kind(of node: OpaquePointer, type: String) -> MarkdownNode.Kind {
        switch type {
        case "document": return .document
        case "paragraph": return .paragraph
        case "heading": return .heading(level: Int(cmark_node_get_heading_level(node)))
        case "block_quote": return .blockQuote
        case "list":
            return .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)),
                         tight: cmark_node_get_list_tight(node) != 0)
        case "item": return .item(task: nil)
        case "tasklist": return .item(task: cmark_gfm_extensions_get_tasklist_item_checked(node))
        case "code_block":
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)))
        case "html_block": return .htmlBlock(string(cmark_node_get_literal(node)))
        case "thematic_break": return .thematicBreak
        case "table":
            let count = Int(cmark_gfm_extensions_get_table_columns(node))
            var alignments: [TableAlignment] = []
            if let raw = cmark_gfm_extensions_get_table_alignments(node) {
                for index in 0..<count {
                    switch UnicodeScalar(raw[index]) {
                    case "l": alignments.append(.left)
                    case "c": alignments.append(.center)
                    case "r": alignments.append(.right)
                    default: alignments.append(.none)
                    }
                }
            }
            return .table(alignments: alignments)
        case "table_header": return .tableRow(isHeader: true)
        case "table_row": return .tableRow(isHeader: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
        case "table_cell": return .tableCell
        case "text": return .text(string(cmark_node_get_literal(node)))
        case "softbreak": return .softBreak
        case "linebreak": return .lineBreak
        case "code": return .code(string(cmark_node_get_literal(node)))
        case "html_inline": return .htmlInline(string(cmark_node_get_literal(node)))
        case "emph": return .emphasis
        case "strong": return .strong
        case "strikethrough": return .strikethrough
        case "link": return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case "image": return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default:
            // Extensions we do not enable (footnotes, custom nodes) cannot appear; keep their text if they do.
            return .paragraph
        }
    }

    private static func range(of node: OpaquePointer, lines: SourceLines) -> SourceRange {
        let startLine = Int(cmark_node_get_start_line(node))
        let endLine = Int(cmark_node_get_end_line(node))
        guard startLine > 0 else { return .unknown }
        return SourceRange(
            start: SourcePosition(line: startLine, column: lines.characterColumn(line: startLine, byteColumn: Int(cmark_node_get_start_column(node)))),
            end: SourcePosition(line: endLine, column: lines.characterColumn(line: endLine, byteColumn: Int(cmark_node_get_end_column(node))))
        )
    }
}
