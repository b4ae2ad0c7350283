// swift-tools-version:6.0
import PackageDescription

/// Release-mode kernels compiled for the given x86 extensions (clang target features, which Swift's code
/// generator inherits; other architectures ignore them with a warning), with cross-module optimisation off.
func vectorSettings(_ features: [String]) -> [SwiftSetting] {
    let flags = features.flatMap { ["-Xcc", "-Xclang", "-Xcc", "-target-feature", "-Xcc", "-Xclang", "-Xcc", "+" + $0] }
    return [.unsafeFlags(["-Ounchecked", "-Xfrontend", "-disable-cmo"] + flags)]
}

let package = Package(
    name: "infrabook",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "infrabook", targets: ["infrabook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Hummingbird's own dependencies, named because the server uses their types directly.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
    ],
    targets: [
        // MARK: - Command line

        .executableTarget(
            name: "infrabook",
            dependencies: [
                "Site", "Server", "Literate", "Sizing", "ModelFiles", "Catalog", "Kernels", "Basics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Libraries (shared between modules with `package` access; none is offered outside the package)

        // The local preview server and JSON API; renders its pages through Site.
        .target(name: "Server", dependencies: [
            "Site", "Literate", "Sizing", "ModelFiles", "Catalog", "Basics",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .target(name: "Site", dependencies: [
            "Reports", "Literate", "MarkdownKit", "Catalog", "Sizing", "ModelFiles", "Kernels", "Basics",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "Literate", dependencies: ["MarkdownKit", "Sizing", "ModelFiles", "Catalog", "Kernels", "Basics"]),
        // Per-project sizing reports as data: the project file, judging, recommendation, fixes, what-ifs.
        .target(name: "Reports", dependencies: ["Sizing", "ModelFiles", "Catalog", "Basics"]),
        // Sizing is optimised in debug builds too: the accuracy page and calibration simulate thousands of
        // serving steps with thousands of requests each, minutes unoptimised (tests and `make test` build debug).
        .target(name: "Sizing", dependencies: ["Catalog", "Basics"], swiftSettings: [.unsafeFlags(["-O"])]),
        // Readers of model files (config.json, safetensors and GGUF headers): catalog records and tensor inventories.
        .target(name: "ModelFiles", dependencies: ["Catalog", "Basics"]),
        .target(name: "Catalog", dependencies: ["Basics"]),
        // Diagnostics and source positions, YAML reading, JSON values with their positions, quantities with units,
        // calendar days, the seeded generator and the ordered parallel map: what every other module shares, with
        // nothing of the domain in it.
        .target(name: "Basics", dependencies: ["Yams"]),
        .target(name: "MarkdownKit", dependencies: ["Basics", "CCmarkGFM"]),
        // Kernels is portable (baseline x86-64 or any other CPU); only KernelsAVX2 and KernelsAVX512 are built
        // with vector extensions, without cross-module optimisation so none of it is inlined into Kernels.
        // Both compile the shared kernel sources in Sources/KernelsShared (SwiftPM lists a file in one target only,
        // so each target folder holds a symbolic link to each shared file; SourceLayoutTests fails if one is
        // missing or dangles); each target's VectorWidth.swift holds what differs between the two widths.
        // KernelsBF16 and KernelsF16 are C: the bf16 GEMM needs `vdpbf16ps`, which Swift cannot import, and the f16
        // GEMM a tile of 24 zmm accumulators kept in registers; each function carries its own target attribute, so
        // the modules need no flags.
        .target(name: "Kernels", dependencies: ["Basics", "KernelsAVX2", "KernelsAVX512", "KernelsBF16", "KernelsF16"],
                swiftSettings: [.unsafeFlags(["-Ounchecked"])]),
        .target(name: "KernelsBF16", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "KernelsF16", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "KernelsAVX2", swiftSettings: vectorSettings(["avx2", "fma", "f16c"])),
        .target(
            name: "KernelsAVX512",
            dependencies: ["KernelsAVX2"],
            swiftSettings: vectorSettings(["avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512vnni"]) + [.define("AVX512")]
        ),

        // MARK: - Implementation details

        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),

        // MARK: - Tests

        .testTarget(name: "MarkdownKitTests", dependencies: ["MarkdownKit", "Basics"]),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Basics"]),
        .testTarget(name: "SizingTests", dependencies: ["Sizing", "Catalog", "Basics"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles", "Sizing", "Catalog", "Kernels", "Basics"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "LiterateTests", dependencies: ["Literate", "MarkdownKit", "Catalog", "Kernels", "Basics"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Sizing", "Catalog", "Basics"]),
        .testTarget(name: "SiteTests", dependencies: ["Site", "Reports", "Literate", "MarkdownKit", "Catalog", "Sizing", "Basics"]),
        .testTarget(name: "InfrabookTests", dependencies: ["Site"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Site", "Sizing", "Catalog", "Basics"]),
    ],
    swiftLanguageModes: [.v6]
)
