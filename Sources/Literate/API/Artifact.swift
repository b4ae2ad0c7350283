/// Something a block shows on its page. Writers render each artifact to HTML and to Markdown;
/// blocks never produce HTML text themselves, so nothing they compute can inject markup.
public enum Artifact: Sendable, Equatable {
    case table(Table)
    /// A chart, drawn by the Site module's SVG writer from plain data.
    case chart(Chart)
    /// A short paragraph of plain text (escaped when rendered).
    case paragraph(String)
    /// A list of claims and whether each holds (from `check` blocks).
    case checks([CheckResult])
}

public struct Table: Sendable, Equatable {
    public enum Alignment: String, Sendable { case left, right, center }

    public struct Column: Sendable, Equatable {
        public var title: String
        public var alignment: Alignment
        public init(_ title: String, alignment: Alignment = .left) { self.title = title; self.alignment = alignment }
    }

    /// A cell shows `text`; when it shows a computed value, `valueName` is the recorded value's name
    /// (so the site can show its formula on hover).
    public struct Cell: Sendable, Equatable {
        public var text: String
        public var valueName: String?
        public init(_ text: String, valueName: String? = nil) { self.text = text; self.valueName = valueName }
    }

    public var caption: String?
    public var columns: [Column]
    public var rows: [[Cell]]

    public init(caption: String? = nil, columns: [Column], rows: [[Cell]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

/// A chart as data: the Site module draws it as inline SVG with axes, units, a legend and a text alternative.
public struct Chart: Sendable, Equatable {
    public enum Style: String, Sendable { case line, bar, scatter }

    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) { self.name = name; self.points = points }
        public static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.points.elementsEqual(b.points) { $0.x == $1.x && $0.y == $1.y }
        }
    }

    public var title: String
    public var style: Style
    public var xLabel: String
    public var yLabel: String
    /// For bar charts: the category names along x (points then use x = 0, 1, 2, ...).
    public var categories: [String]
    public var series: [Series]
    public var logX: Bool
    public var logY: Bool

    public init(title: String, style: Style, xLabel: String, yLabel: String, categories: [String] = [],
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

public struct CheckResult: Sendable, Equatable {
    public var claim: String
    public var holds: Bool
    /// The values the claim compared, as a sentence ("The weight memory of Llama 3.1 70B at BF16 is
    /// 141.1 GB, less than 160 GB.").
    public var detail: String
    public init(claim: String, holds: Bool, detail: String) { self.claim = claim; self.holds = holds; self.detail = detail }
}
