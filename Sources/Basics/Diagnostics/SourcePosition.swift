/// A place in a text without its file: 1-based line and 1-based column counted in characters (not
/// bytes), so a caret printed under it lands on the right character. The Markdown tree gives every
/// node a range of these; `SourceLocation(file:_:)` names the file.
package struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    package var description: String { "\(line):\(column)" }

    package static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}
