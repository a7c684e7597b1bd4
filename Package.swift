// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "followup",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "followup", targets: ["followup"]),
        .library(name: "FollowupCore", targets: ["FollowupCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        .target(
            name: "FollowupCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "FollowupCLI",
            dependencies: [
                "FollowupCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "followup", dependencies: ["FollowupCLI"]),
        .testTarget(
            name: "FollowupCoreTests",
            dependencies: ["FollowupCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "FollowupCLITests", dependencies: ["FollowupCLI", "FollowupCore"]),
    ]
)
