import Basics
import MarkdownKit

extension Literate {
    /// Evaluates every page: its computation blocks in page order through `context.blockKinds`, then its
    /// inline expressions (which may use any block id on the page). Problems never stop evaluation:
    /// each page's `diagnostics` holds all of them. Pages are independent, so the order of `pages` is kept.
    package static func evaluate(_ pages: [Page], context: EvaluationContext) -> [EvaluatedPage] {
        pages.map { page in
            var evaluator = PageEvaluator(page: page, context: context)
            return evaluator.run()
        }
    }
}

/// Evaluates one page. Owns the order of work and the bookkeeping of ids, values and diagnostics;
/// kinds and expressions do the computing.
struct PageEvaluator {
    let page: Page
    let context: EvaluationContext

    private var diagnostics: [Diagnostic] = []
    private var values: [PageValue] = []
    private var blocks: [EvaluatedBlock] = []
    private var inlineValues: [InlineValue] = []
    private var scope: ExpressionScope

    init(page: Page, context: EvaluationContext) {
        self.page = page
        self.context = context
        self.scope = context.scope
    }

    /// Whether a code block is a computation block.
    static func isComputation(_ info: String) -> Bool {
        info.drop { $0 == " " }.hasPrefix("{")
    }

    /// Whether a code span is an inline expression.
    static func isExpression(_ code: String) -> Bool {
        code.hasPrefix("{=")
    }

    mutating func run() -> EvaluatedPage {
        var blockNodes: [MarkdownNode] = []
        var codeNodes: [MarkdownNode] = []
        page.document.forEach { node in
            switch node.kind {
            case .codeBlock(let info, _) where Self.isComputation(info): blockNodes.append(node)
            case .code(let text) where Self.isExpression(text): codeNodes.append(node)
            default: break
            }
        }

        var headers: [BlockHeader?] = []
        for node in blockNodes { headers.append(header(of: node)) }
        var firstUse: [String: SourceLocation] = [:]
        for (index, node) in blockNodes.enumerated() {
            let header = headers[index]
            if let header, let id = header.id, let idLocation = header.idLocation {
                if let first = firstUse[id] {
                    diagnostics.append(.error(at: idLocation, "duplicate id '\(id)': it already names the block at line \(first.line); ids must be unique on a page"))
                } else {
                    firstUse[id] = idLocation
                }
            }
            let later = Set(headers[(index + 1)...].compactMap { $0?.id })
            let block = evaluateBlock(node, header: header, duplicate: header?.id.map { firstUse[$0] != header?.idLocation } ?? false, laterIDs: later)
            if block.result == nil, let id = block.id { scope.failedIDs.insert(id) }
            blocks.append(block)
        }
        scope.laterIDs = []
        for node in codeNodes { inlineValues.append(evaluateInline(node)) }

        var nextBlock = 0
        var nextInline = 0
        let document = page.document.replacing { node in
            switch node.kind {
            case .codeBlock(let info, _) where Self.isComputation(info):
                defer { nextBlock += 1 }
                return MarkdownNode(.blockPlaceholder(nextBlock), range: node.range)
            case .code(let text) where Self.isExpression(text):
                defer { nextInline += 1 }
                return MarkdownNode(.inlinePlaceholder(nextInline), range: node.range)
            default:
                return nil
            }
        }
        values.sort { ($0.location, $0.name) < ($1.location, $1.name) }
        diagnostics.sort { $0.location < $1.location }
        return EvaluatedPage(page: page, document: document, blocks: blocks, inlineValues: inlineValues, values: values, diagnostics: diagnostics)
    }

    /// Adds problems, leaving out those that only follow from a block that already failed.
    private mutating func report(_ problems: [Diagnostic]) {
        diagnostics += problems.filter { !($0.severity == .note && $0.message.hasSuffix(ExpressionScope.cascadeSuffix)) }
    }

    // MARK: - Blocks

    private func fenceLocation(_ node: MarkdownNode) -> SourceLocation {
        SourceLocation(file: page.file, node.range.start)
    }

    /// The block's info string parsed, or nil (with diagnostics) when it is malformed.
    private mutating func header(of node: MarkdownNode) -> BlockHeader? {
        guard case .codeBlock(let info, _) = node.kind else { return nil }
        do {
            return try BlockHeader.parse(info.trimming(" "), at: infoLocation(node, info: info))
        } catch {
            diagnostics += error.items
            return nil
        }
    }

    /// Whether a fenced block ends with a closing fence: Markdown lets an unclosed fence run to the end
    /// of the page, which would make the rest of the page the block's body.
    static func isClosed(_ node: MarkdownNode, in source: String) -> Bool {
        guard node.range.end.line > node.range.start.line,
              let opening = line(node.range.start.line, of: source), let closing = line(node.range.end.line, of: source) else { return false }
        func fence(_ text: Substring) -> Substring {
            text.drop { $0 == " " || $0 == ">" || $0 == "\t" }.prefix { $0 == "`" || $0 == "~" }
        }
        let opener = fence(opening), closer = fence(closing)
        let rest = closing.drop { $0 == " " || $0 == ">" || $0 == "\t" }.dropFirst(closer.count)
        return !opener.isEmpty && closer.count >= opener.count && closer.first == opener.first
            && rest.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// Where the info string's `{` is: on the fence line, after the fence characters.
    private func infoLocation(_ node: MarkdownNode, info: String) -> SourceLocation {
        let fence = fenceLocation(node)
        guard let line = Self.line(fence.line, of: page.source), let brace = line.firstIndex(of: "{") else { return fence }
        let column = line.distance(from: line.startIndex, to: brace) + 1
        return SourceLocation(file: page.file, line: fence.line, column: column)
    }

    /// Line `number` (1-based) of `text`, found by scanning bytes for line feeds instead of splitting the
    /// whole page into characters for every block (which made evaluation quadratic in page size).
    static func line(_ number: Int, of text: String) -> Substring? {
        guard number >= 1 else { return nil }
        let bytes = text.utf8
        var start = bytes.startIndex
        for _ in 1..<number {
            guard let newline = bytes[start...].firstIndex(of: 10) else { return nil }
            start = bytes.index(after: newline)
        }
        let end = bytes[start...].firstIndex(of: 10) ?? bytes.endIndex
        return text[start..<end]
    }

    private mutating func evaluateBlock(_ node: MarkdownNode, header: BlockHeader?, duplicate: Bool, laterIDs: Set<String>) -> EvaluatedBlock {
        guard case .codeBlock(let info, let literal) = node.kind else { fatalError("only code blocks are evaluated") }
        let location = fenceLocation(node)
        var block = EvaluatedBlock(kind: header?.kind ?? "", id: header?.id, caption: header?.caption, echo: header?.echo ?? false,
                                   info: info, source: literal, location: location, result: nil, artifacts: [])
        guard let header else { return block }
        guard let kind = context.blockKinds.first(where: { $0.name == header.kind }) else {
            diagnostics.append(.error(at: header.kindLocation, "unknown block kind '\(header.kind)'"
                + NearestNames.hint(header.kind, among: context.blockKinds.map(\.name))))
            return block
        }
        guard Self.isClosed(node, in: page.source) else {
            diagnostics.append(.error(at: location, "the '\(header.kind)' block opened here is never closed: "
                                      + "end its body with a fence line like the one that opens it"))
            return block
        }
        guard let body = readBody(literal, node: node, kind: kind, location: location) else { return block }
        guard !duplicate else { return block }

        let input = BlockInput(kind: kind.name, id: header.id, caption: header.caption, echo: header.echo,
                               body: body, source: literal, location: location)
        var blockContext = context
        scope.laterIDs = laterIDs
        blockContext.scope = scope
        let output: BlockOutput
        do {
            output = try kind.evaluate(input, context: blockContext)
        } catch let error as Diagnostic {
            return failed(block, [error])
        } catch let error as Diagnostics {
            return failed(block, error.items)
        } catch {
            return failed(block, [.error(at: location, "the '\(kind.name)' block failed: \(error)")])
        }
        if let problem = Self.nonFinite(output, at: location) { return failed(block, [problem]) }
        diagnostics += output.warnings
        block.result = output.result
        block.artifacts = output.artifacts
        let blockName = header.id ?? "\(kind.name)@\(location.line)"
        if let id = header.id { scope.results[id] = output.result }
        for recorded in output.recorded {
            if let id = header.id { scope.recorded[id + "." + recorded.name] = recorded }
            block.provenance[recorded.name] = Provenance(formula: recorded.formula, inputs: recorded.inputs)
            values.append(PageValue(page: page.path, block: blockName, expression: nil, name: recorded.name, value: recorded.value,
                                    formatted: ValueFormatter.text(recorded.value), formula: recorded.formula,
                                    inputs: recorded.inputs, location: location))
        }
        return block
    }

    /// An error when anything the block computed (its result, a recorded value, a chart point) is
    /// infinite or NaN: one check for every kind, so no block can publish "∞", "NaN" or "$∞".
    static func nonFinite(_ output: BlockOutput, at location: SourceLocation) -> Diagnostic? {
        let name = output.recorded.first { !$0.value.isFinite }?.name
        let charted = output.artifacts.contains { artifact in
            guard case .chart(let chart) = artifact else { return false }
            return chart.series.contains { $0.points.contains { !$0.x.isFinite || !$0.y.isFinite } }
        }
        guard name != nil || charted || !output.result.isFinite else { return nil }
        return .error(at: location, (name.map { "'\($0)': " } ?? "") + ValueFormatter.nonFiniteMessage)
    }

    /// Records a block's failure (`run` then marks its id as one whose uses are not reported again).
    private mutating func failed(_ block: EvaluatedBlock, _ problems: [Diagnostic]) -> EvaluatedBlock {
        report(problems)
        return block
    }

    /// The YAML body as a mapping with unknown keys rejected, or nil (with diagnostics).
    private mutating func readBody(_ literal: String, node: MarkdownNode, kind: any BlockKind, location: SourceLocation) -> YAMLMapping? {
        // A block inside a list item is indented; cmark strips the indentation from the body, so
        // YAML's columns are moved right by it.
        let indent = location.column - 1
        let root: YAMLNode
        do {
            root = Self.shifted(try YAMLNode.parse(literal, file: page.file, lineOffset: location.line), columns: indent)
        } catch {
            diagnostics += error.items.map { item in
                var moved = item
                if item.location.line > location.line { moved.location.column += indent }
                return moved
            }
            return nil
        }
        var body = root
        if case .sequence = root.content, let listKey = kind.listKey {
            let key = YAMLNode(content: .scalar(listKey, plain: true), location: root.location)
            body = YAMLNode(content: .mapping([(key: key, value: root)]), location: root.location)
        }
        let mapping: YAMLMapping
        do {
            mapping = try body.mapping(kind.listKey == nil ? "'key: value' lines in the '\(kind.name)' block"
                                                           : "a list of \(kind.listKey!) or 'key: value' lines in the '\(kind.name)' block")
        } catch {
            diagnostics.append(error)
            return nil
        }
        let unknown = mapping.unknownKeys(allowed: kind.allowedKeys(for: mapping, context: context), in: "'\(kind.name)' block")
        diagnostics += unknown
        return unknown.isEmpty ? mapping : nil
    }

    /// `node` and everything in it moved right by `columns`.
    static func shifted(_ node: YAMLNode, columns: Int) -> YAMLNode {
        guard columns > 0 else { return node }
        var location = node.location
        location.column += columns
        switch node.content {
        case .scalar, .null:
            return YAMLNode(content: node.content, location: location)
        case .sequence(let items):
            return YAMLNode(content: .sequence(items.map { shifted($0, columns: columns) }), location: location)
        case .mapping(let pairs):
            let moved = pairs.map { (key: shifted($0.key, columns: columns), value: shifted($0.value, columns: columns)) }
            return YAMLNode(content: .mapping(moved), location: location)
        }
    }

    // MARK: - Inline expressions

    private mutating func evaluateInline(_ node: MarkdownNode) -> InlineValue {
        guard case .code(let literal) = node.kind else { fatalError("only code spans are evaluated") }
        let spanStart = SourceLocation(file: page.file, node.range.start)
        var body = Substring(literal.dropFirst(2))
        var failed = InlineValue(expression: body.trimming(" "), text: "", value: nil, formula: "", location: spanStart)
        guard body.hasSuffix("}") else {
            diagnostics.append(.error(at: pagePosition(ofOffset: literal.count, in: literal, at: spanStart),
                                      "an inline expression ends with '}', as in `{= w.total | GB}`"))
            return failed
        }
        body.removeLast()
        let leading = body.prefix { $0 == " " }.count
        let text = body.trimming(" ")
        let location = SourceLocation(file: page.file, line: spanStart.line, column: spanStart.column + 2 + leading)
        failed.location = location
        guard !text.isEmpty else {
            diagnostics.append(.error(at: location, "empty inline expression: write a value after '{=', as in `{= w.total | GB}`"))
            return failed
        }
        do {
            let expression = try Expression.parse(text, at: location)
            let result = try expression.evaluate(in: scope, context: context)
            values.append(PageValue(page: page.path, block: nil, expression: text, name: text, value: result.value,
                                    formatted: result.formatted, formula: result.formula, inputs: result.inputs, location: location))
            return InlineValue(expression: text, text: result.formatted, value: result.value, formula: result.formula, location: location,
                               provenance: result.formula.isEmpty ? nil : Provenance(formula: result.formula, inputs: result.inputs))
        } catch {
            // The expression is parsed as one line starting at `location`; move the error to the page's position.
            var moved = error
            moved.location = pagePosition(ofOffset: 2 + leading + error.location.column - location.column, in: literal, at: spanStart)
            report([moved])
            return failed
        }
    }

    /// Where character `offset` of a code span's literal (the span starting at `start`) is in the page. The
    /// literal is the page's text with two changes to undo: each line break inside the span became one space
    /// (and the next line's indentation was dropped), and in a table cell each `\|` became `|`.
    private func pagePosition(ofOffset offset: Int, in literal: String, at start: SourceLocation) -> SourceLocation {
        var lineNumber = start.line
        guard var line = Self.line(lineNumber, of: page.source).map(Array.init) else { return start }
        var index = start.column - 1
        for character in literal.prefix(offset) {
            if index >= line.count, let next = Self.line(lineNumber + 1, of: page.source).map(Array.init) {
                // This character is the space that stands for the line break.
                lineNumber += 1
                line = next
                index = line.prefix { $0 == " " || $0 == "\t" }.count
            } else if character == "|", index + 1 < line.count, line[index] == "\\", line[index + 1] == "|" {
                index += 2
            } else {
                index += 1
            }
        }
        return SourceLocation(file: page.file, line: lineNumber, column: index + 1)
    }
}

extension StringProtocol {
    /// The text without `character` at either end.
    func trimming(_ character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s.removeFirst() }
        while s.last == character { s.removeLast() }
        return String(s)
    }
}
