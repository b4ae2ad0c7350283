import ArgumentParser
import Basics
import Catalog
import Foundation
import Sizing

/// `infrabook calibrate [--content DIR] [--write]`: fits the speed constants to the published
/// measurements (`CalibrationFit`), prints each speed figure before and after with its leave-one-out
/// error and the median and worst by kind, and with `--write` writes `DIR/data/calibration.yaml`.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit the engine's speed constants to the published measurements and show the error before and after.")

    @Option(help: "Content folder; its data/ holds the catalog and measurements.yaml.")
    var content = "Content"

    @Flag(help: "Write the fitted constants to data/calibration.yaml, which the engine then uses.")
    var write = false

    func run() throws {
        let data = (content as NSString).appendingPathComponent("data")
        let catalog = try DataInputs.catalog(in: data)
        let set: MeasurementSet
        do {
            set = try MeasurementSet.load(directory: data, catalog: catalog)
        } catch {
            throw InputFailure(diagnostics: error.items)
        }
        let outcome: CalibrationFit.Outcome
        do {
            outcome = try CalibrationFit.run(set, catalog: catalog, date: try BuildDate.today())
        } catch let error as SizingError {
            throw CommandLineInput("--content", error.message)
        }
        print(CalibrationReport(outcome: outcome).text, terminator: "")
        if write {
            let path = (data as NSString).appendingPathComponent(Calibration.fileName)
            do {
                try outcome.calibration.yamlText.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw InputFailure(diagnostics: [.error(at: SourceLocation(file: path, line: 1, column: 1),
                                                        "cannot write the calibration: \(error.localizedDescription)")])
            }
            print("wrote \(path)")
        }
    }
}
