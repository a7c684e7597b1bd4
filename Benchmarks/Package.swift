// swift-tools-version:6.1
import PackageDescription

// Benchmarks live apart from the product so its build stays light. `make bench` runs them.
let package = Package(
    name: "followup-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "main", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "followup-bench-gen",
            dependencies: [.product(name: "FollowupCore", package: "main")],
            path: "Sources/Generate"
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FollowupCore", package: "main"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
