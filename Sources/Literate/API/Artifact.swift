/// Something a block shows on its page. Writers render each artifact to HTML and to Markdown;
/// blocks never produce HTML text themselves, so nothing they compute can inject markup.
package enum Artifact: Sendable, Equatable {
    case table(Table)
    /// A chart, drawn by the Site module's SVG writer from plain data.
    case chart(Chart)
    /// A short paragraph of plain text (escaped when rendered).
    case paragraph(String)
    /// A list of claims and whether each holds (from `check` blocks).
    case checks([CheckResult])
}

package struct Table: Sendable, Equatable {
    package enum Alignment: String, Sendable { case left, right, center }

    package struct Column: Sendable, Equatable {
        package var title: String
        package var alignment: Alignment
        package init(_ title: String, alignment: Alignment = .left) { self.title = title; self.alignment = alignment }
    }

    /// A cell shows `text`; when it shows a computed value, `valueName` is the recorded value's name
    /// (so the site can show its formula on hover).
    package struct Cell: Sendable, Equatable {
        package var text: String
        package var valueName: String?
        package init(_ text: String, valueName: String? = nil) { self.text = text; self.valueName = valueName }
    }

    package var caption: String?
    package var columns: [Column]
    package var rows: [[Cell]]

    package init(caption: String? = nil, columns: [Column], rows: [[Cell]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

/// A chart as data: the Site module draws it as inline SVG with axes, units, a legend and a text alternative.
package struct Chart: Sendable, Equatable {
    package enum Style: String, Sendable { case line, bar, scatter }

    package struct Series: Sendable, Equatable {
        package var name: String
        package var points: [(x: Double, y: Double)]
        package init(name: String, points: [(x: Double, y: Double)]) { self.name = name; self.points = points }
        package static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.points.elementsEqual(b.points) { $0.x == $1.x && $0.y == $1.y }
        }
    }

    package var title: String
    package var style: Style
    package var xLabel: String
    package var yLabel: String
    /// For bar charts: the category names along x (points then use x = 0, 1, 2, ...).
    package var categories: [String]
    package var series: [Series]
    package var logX: Bool
    package var logY: Bool

    package init(title: String, style: Style, xLabel: String, yLabel: String, categories: [String] = [],
                series: [Series], logX: Bool = false, logY: Bool = false) {
        self.title = title
        self.style = style
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.logX = logX
        self.logY = logY
    }
}

package struct CheckResult: Sendable, Equatable {
    package var claim: String
    package var holds: Bool
    /// The values the claim compared, as a sentence ("The weight memory of Llama 3.1 70B at BF16 is
    /// 141.1 GB, less than 160 GB.").
    package var detail: String
    package init(claim: String, holds: Bool, detail: String) { self.claim = claim; self.holds = holds; self.detail = detail }
}
