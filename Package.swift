// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way:
//   ReplayCore <- ControllerHost <- Runs <- Dashboard <- TerminalUI <- ttsdash
//   Presentation (text: widths, sanitising, number formats, plain tables) <- Runs, Dashboard, ttsdash
//                                    Runs <- Search <- Dashboard, ttsdash (the discovery loop)
// ReplayCore knows nothing of files other than replay stores, and nothing of terminals.
let package = Package(
    name: "ttsdash",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ttsdash", targets: ["ttsdash"]),
        .library(name: "ReplayCore", targets: ["ReplayCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "ReplayCore"),
        // Runs a round's own method.py in python3 worker processes (never in ttsdash's process).
        .target(name: "ControllerHost", dependencies: ["ReplayCore"]),
        // One presentation layer for the CLI and the dashboard; no terminal, no run model.
        .target(name: "Presentation"),
        .target(name: "Runs", dependencies: ["ReplayCore", "ControllerHost", "Presentation"]),
        // The discovery loop (propose -> evaluate -> archive) on a workspace; no terminal.
        .target(name: "Search", dependencies: ["ReplayCore", "ControllerHost", "Runs"]),
        // The synthetic sample run: stores generator and the run built from them; the rounds'
        // plan (Plan/rounds.json) and Python controllers (Python/*.py) are compiled in.
        .target(name: "SampleRun", dependencies: ["ReplayCore", "Runs"],
                resources: ["prelude", "majority", "esc", "asc", "parallel_probe", "cmc"].map { .embedInCode("Python/\($0).py") }
                    + [.embedInCode("Plan/rounds.json")]),
        // The shipped themes are compiled in from themes/*.toml (Theme/Files links to that folder).
        .target(name: "Dashboard", dependencies: [
            "ReplayCore", "Runs", "Presentation", "Search",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ], resources: ["dark", "light", "high-contrast", "mono"].map { .embedInCode("Theme/Files/\($0).toml") }),
        .target(name: "TerminalUI", dependencies: ["Dashboard", "CNcursesw"]),
        .executableTarget(name: "ttsdash", dependencies: [
            "ReplayCore", "ControllerHost", "Runs", "Presentation", "Search", "Dashboard", "TerminalUI", "SampleRun",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Release-build benchmarks that print figures; never run as tests.
        // TRACE_WRITER_DIRECT_IO: the core's trace writer takes `directIO:`. A baseline built from
        // an older commit by scripts/bench-baseline has that commit's manifest, without the flag,
        // so the same benchmark sources compile against the older core.
        .executableTarget(name: "ttsdash-bench", dependencies: ["ReplayCore", "ControllerHost", "Runs", "Dashboard"],
                          swiftSettings: [.define("TRACE_WRITER_DIRECT_IO")]),
        // What every test target shares (the package's paths); in no product, never shipped.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SampleRunTests", dependencies: ["SampleRun", "Runs", "ReplayCore", "TestSupport"]),
        .testTarget(name: "ReplayCoreTests", dependencies: ["ReplayCore", "TestSupport"]),
        .testTarget(name: "ControllerHostTests", dependencies: ["ControllerHost", "ReplayCore", "SampleRun", "TestSupport"]),
        .testTarget(name: "SearchTests", dependencies: ["Search", "Runs", "ReplayCore", "TestSupport"]),
        .testTarget(name: "RunsTests", dependencies: ["Runs", "ReplayCore", "Presentation", "TestSupport"]),
        // Snapshots are read from the source tree by path, not bundled as resources.
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Runs", "ReplayCore", "Presentation", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ReplayCore", "TestSupport"]),
        // The headless command line, run as a process: outputs, exit codes, no partial files.
        .testTarget(name: "CLITests", dependencies: ["ReplayCore", "TestSupport"]),
    ]
)
