/// The engine's text (formulas, plans, listings) is written with Basics' `NumberText`, and front ends
/// that import Sizing for it (`Sizing.NumberText.count`) keep finding it there.
@_exported import Basics
