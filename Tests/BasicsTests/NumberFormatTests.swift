import Basics
import Testing

/// `NumberText.number`, the one rounding under every number the site, the reports and the command line
/// write, and the forms built on it. Expected texts follow DESIGN.md's conventions: `,` every three
/// digits, a point for decimals, never an exponent, never a locale.
@Suite struct NumberFormatTests {
    @Test func roundsAndGroupsWithoutAnExponent() {
        // Llama 3.1 70B's parameter count (safetensors metadata) × 2 bytes = 141,107,412,992 bytes.
        #expect(NumberText.number(141_107_412_992, decimals: 2, exact: false, grouping: true) == "141,107,412,992")
        #expect(NumberText.number(141.107412992, decimals: 1, exact: false, grouping: true) == "141.1")
        #expect(NumberText.number(2.5, decimals: 2, exact: true, grouping: true) == "2.50")
        #expect(NumberText.number(1e30, decimals: 2, exact: false, grouping: false) == "1" + String(repeating: "0", count: 30))
        // A negative amount that rounds to zero loses its sign.
        #expect(NumberText.number(-0.0004, decimals: 2, exact: false, grouping: true) == "0")
    }

    @Test func tableCellsChartCoordinatesAndLabelsShareIt() {
        // Table cells keep their places; coordinates trim and never group; labels group and trim.
        #expect(NumberText.fixed(3.5, places: 2) == "3.50")
        #expect(NumberText.fixed(1234.5, places: 1) == "1,234.5")
        #expect(NumberText.coordinate(1234.50, digits: 2) == "1234.5")
        #expect(NumberText.coordinate(.nan) == "0")
        #expect(NumberText.grouped(131_072.0, digits: 2) == "131,072")
        #expect(NumberText.grouped(-2.5) == "-2.5")
        // 128K context = 131,072 tokens (DESIGN.md: K = 1,024 for context lengths).
        #expect(NumberText.tick(131_072, binaryThousands: true) == "128K")
        #expect(NumberText.tick(20e9, binaryThousands: false) == "20B")
    }

    @Test func countsWordTheirNoun() {
        #expect(NumberText.count(0, "warning") == "0 warnings")
        #expect(NumberText.count(1, "error") == "1 error")
        #expect(NumberText.count(1200, "change") == "1,200 changes")
    }
}
