/// A place in a source file: the file's path as the user named it, and a 1-based line and column.
///
/// Every diagnostic in content, data and project files carries one, so a person can jump to the spot.
package struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `position` in the file at `file`: how a place in a parsed text (a Markdown node's start) becomes one.
    package init(file: String, _ position: SourcePosition) {
        self.init(file: file, line: position.line, column: position.column)
    }

    /// `path:line:column`, the form editors and terminals turn into links.
    package var description: String { "\(file):\(line):\(column)" }

    /// This location moved down by `lines` (and, on its first line, right by `columns`):
    /// used when a YAML body or an expression sits inside a larger Markdown file.
    package func offset(lines: Int, columnsOnFirstLine: Int = 0) -> SourceLocation {
        SourceLocation(file: file, line: line + lines, column: line == 1 ? column + columnsOnFirstLine : column)
    }

    package static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}
