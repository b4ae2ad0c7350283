// The Reports module: per-project sizing reports as data, between Site (which renders them) and
// Sizing (which computes every figure in them).
//
// It owns the project file (`ProjectFile`: reading and validating its text), the one door into the
// engine for a project (`ReportEngine`: requests, plans, prices, buy versus rent), judging options
// against the project's targets and budget, the recommendation, the fixes tried on a near miss, the
// what-ifs, and the report's shape and JSON field names (`SizingReport`), with the words its
// sentences use (`ReportText`).
//
// It must never compute a figure of its own (every number is the engine's, so a report agrees with
// `infrabook size` for the same inputs), never decide an engine default (the KV precision and the
// like are `SizingInputs`'), never read or write files (the caller hands in the project's text and
// writes the outputs), and never produce HTML or Markdown (Site renders reports through the same
// templates, table and chart renderers as pages).
