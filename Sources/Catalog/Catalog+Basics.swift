/// Catalog's records are read with the basics (diagnostics, positions, YAML reading, quantities, dates)
/// and speak them in every signature, so a module that imports Catalog sees them too. Modules that
/// need only the basics import `Basics` instead.
@_exported import Basics
