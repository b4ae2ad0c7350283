import ArgumentParser
import Basics
import Catalog
import Foundation

/// `infrabook prices show|check|import`: print, validate or update the prices file. Parses options,
/// calls `PriceList`, prints, sets the exit status (1 when the file or the CSV has errors).
struct PricesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prices",
        abstract: "Show, check or import the prices file.",
        subcommands: [Show.self, CheckPrices.self, Import.self],
        defaultSubcommand: Show.self)

    /// The options every prices subcommand shares.
    struct Files: ParsableArguments {
        @Option(name: .customLong("prices"), help: "Prices file (default: prices.yaml in the data folder).")
        var pricesFile: String?

        @OptionGroup var dataFolder: DataFolder

        /// The data folder `--content` (its data/) or `--data` names: gpus.yaml and systems.yaml there are
        /// the ids prices are checked against.
        var data: String { dataFolder.directory }

        /// `--prices`, else prices.yaml in the content folder's data; `--data` never moved the prices file,
        /// so with it the default stays Content/data/prices.yaml.
        var prices: String {
            if let pricesFile { return pricesFile }
            return dataFolder.data == nil ? (data as NSString).appendingPathComponent("prices.yaml") : "Content/data/prices.yaml"
        }

        func load() throws -> PriceList {
            try DataInputs.prices(at: prices)
        }

        /// The catalog's GPU and system ids, or nil when the data folder has no catalog.
        func catalogIDs() throws -> (gpus: [String], systems: [String])? {
            guard FileManager.default.fileExists(atPath: (data as NSString).appendingPathComponent("gpus.yaml")) else { return nil }
            let catalog = try DataInputs.catalog(in: data)
            return (catalog.ids(of: .gpu), catalog.ids(of: .system))
        }
    }

    /// `--today`, shared by `check` (age of prices) and `import` (no price dated after today).
    struct Today: ParsableArguments {
        @Option(name: .customLong("today"), help: "Today's date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH's day when set, else today, UTC).")
        var value: String?

        func validate() throws {
            if let value, CalendarDay.number(value) == nil {
                throw ValidationError("--today: expected a date written YYYY-MM-DD, found '\(value)'" + CalendarDay.whyNot(value))
            }
        }

        func date() throws -> String { try value ?? BuildDate.today() }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every price with its date and source.")

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        @OptionGroup var files: Files

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let list = try files.load()
            switch format {
            case .text: print(list.tableText(), terminator: "")
            case .json: print(list.jsonText())
            }
        }
    }

    struct CheckPrices: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the prices file: every problem as path:line:column, exit status 1 on errors.",
            discussion: """
                Errors: prices that are zero or negative, unknown GPU or system ids, a source that is not listed, \
                a GPU without an on-demand price. Warnings: prices older than --max-age-days before --today. \
                Notes: tiers or catalog GPUs without a price.
                """)

        @OptionGroup var files: Files

        @Option(help: "Prices older than this many days draw a warning.")
        var maxAgeDays = PriceList.defaultMaxAgeDays

        @OptionGroup var today: Today

        func validate() throws {
            guard maxAgeDays >= 0 else { throw ValidationError("--max-age-days cannot be negative") }
        }

        func run() throws {
            let ids = try files.catalogIDs()
            let (list, problems) = PriceList.check(path: files.prices, gpuIDs: ids?.gpus, systemIDs: ids?.systems,
                                                   today: try today.date(), maxAgeDays: maxAgeDays)
            if problems.hasErrors { throw InputFailure(diagnostics: problems) }
            InputFailure(diagnostics: problems).print()
            let warnings = problems.filter { $0.severity == .warning }.count
            print("\(files.prices): no errors, \(NumberText.count(warnings, "warning")) (prices as of \(list?.asOf ?? "?"))")
        }

    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge a CSV of prices into the prices file and report what changed.",
            discussion: "Columns: kind,id,tier,price,source,date (optional: source_title, source_url, note). See the README, \"Prices\".")

        @Argument(help: "The CSV file to merge.")
        var csv: String

        @OptionGroup var files: Files

        @OptionGroup var today: Today

        func run() throws {
            var list = try files.load()
            let text: String
            do {
                text = try String(contentsOfFile: csv, encoding: .utf8)
            } catch {
                throw InputFailure(diagnostics: [.error(at: SourceLocation(file: csv, line: 1, column: 1), "cannot read the CSV file: \(error.localizedDescription)")])
            }
            let day = try today.date()
            let changes: [PriceChange]
            do {
                changes = try list.merge(csv: text, file: csv, today: day)
            } catch {
                throw InputFailure(diagnostics: error.items, sources: [csv: text])
            }
            if let ids = try files.catalogIDs() {
                let errors = list.validate(gpuIDs: ids.gpus, systemIDs: ids.systems, today: list.asOf).filter { $0.severity == .error }
                if !errors.isEmpty { throw InputFailure(diagnostics: errors, sources: [csv: text]) }
            }
            guard !changes.isEmpty else {
                print("\(files.prices): no changes")
                return
            }
            let yaml = list.yamlText()
            do {
                _ = try PriceList.parse(yaml, file: files.prices)
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: files.prices), options: .atomic)
            } catch let problems as Diagnostics {
                throw InputFailure(diagnostics: problems.items, sources: [files.prices: yaml])
            }
            InputFailure(diagnostics: changes.compactMap(\.warning), sources: [csv: text]).print()
            print("\(files.prices): \(NumberText.count(changes.count, "change")), prices as of \(list.asOf)")
            for change in changes { print("  \(change)") }
        }
    }
}
