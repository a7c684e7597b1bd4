// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "followup",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "followup", targets: ["followup"]),
        .executable(name: "followup-sync", targets: ["followup-sync"]),
        .executable(name: "followup-proof", targets: ["followup-proof"]),
        .executable(name: "followup-cal", targets: ["followup-cal"]),
        .library(name: "FollowupCore", targets: ["FollowupCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // The event store, projection and rules: no git, no terminal.
        .target(
            name: "FollowupCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API behind GRDB, for reading ids without making strings (`IDKey`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),  // scrypt, for key files
            ]
        ),
        // libgit2, wrapped once: only the sync helper links it.
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        // Starting ssh for a git connection, in plain POSIX: `followup` starts a sync's first
        // connection before followup-sync and libgit2 load, and GitKit's transport takes it over.
        .target(name: "SSHLaunch"),
        .target(name: "GitKit", dependencies: ["CLibGit2", "SSHLaunch"]),
        // libcurl's headers, to read again what an http(s) git server said when it refused a
        // request (libgit2 drops the server's text); the sync helper loads libcurl only then (dlopen).
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "FollowupSync", dependencies: ["FollowupCore", "GitKit", "SSHLaunch", "CCurl"]),
        // What the three programs share: error -> message -> exit status, and reading an input file.
        .target(
            name: "ProgramSupport",
            dependencies: ["FollowupCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(
            name: "FollowupCLI",
            dependencies: [
                "FollowupCore",
                "ProgramSupport",
                "SSHLaunch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "followup", dependencies: ["FollowupCLI"]),
        // Hunspell, wrapped once: only followup-proof links it.
        .systemLibrary(name: "CHunspell", pkgConfig: "hunspell", providers: [.apt(["libhunspell-dev"])]),
        .target(name: "SpellKit", dependencies: ["CHunspell"]),
        .executableTarget(
            name: "followup-proof",
            dependencies: ["FollowupCore", "ProgramSupport", "SpellKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "followup-sync",
            dependencies: [
                // The store it opens; GitKit for the CA file setting; the shared error reports.
                "FollowupSync", "FollowupCore", "GitKit", "ProgramSupport", "SSHLaunch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // CalDAV over Foundation's URLSession (libcurl): only followup-cal links it.
        .executableTarget(
            name: "followup-cal",
            dependencies: ["FollowupCore", "ProgramSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "FollowupCoreTests",
            dependencies: ["FollowupCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // What every test target shares that needs nothing else (the seeded generator).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Real git servers on loopback for the tests (scripts/git-servers).
        .target(name: "GitTestSupport", dependencies: ["GitKit"], path: "Tests/GitTestSupport"),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit", "GitTestSupport"]),
        .testTarget(
            name: "FollowupCLITests",
            dependencies: ["FollowupCLI", "FollowupCore", "ProgramSupport", "GitTestSupport", "TestSupport"]
        ),
        .testTarget(name: "SpellKitTests", dependencies: ["SpellKit"]),
        .testTarget(name: "SSHLaunchTests", dependencies: ["SSHLaunch"]),
        .testTarget(
            name: "FollowupSyncTests",
            dependencies: ["FollowupSync", "FollowupCore", "GitKit", "GitTestSupport", "TestSupport"]
        ),
    ]
)
