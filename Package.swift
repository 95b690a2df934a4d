// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "conduct",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "conduct", targets: ["conduct"]),
        .library(name: "ConductKit", targets: ["ConductKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // C libraries from the system (pkg-config), and the few shims Swift cannot import.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "CGitShims", dependencies: ["CLibGit2"]),

        // Safe Swift over libgit2. Knows nothing of codes of conduct.
        .target(name: "Git", dependencies: ["CLibGit2", "CGitShims"]),

        // The domain: documents, records, signing, the store façade. Never prints.
        .target(
            name: "ConductKit",
            dependencies: [
                "Git",
                "CCmarkGFM",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Every import is internal unless a file says otherwise: no git (or other) type can
            // reach ConductKit's public API, and so none reaches the command line.
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),

        // Commands: parse options, call the store, render the result.
        .target(
            name: "ConductCLI",
            dependencies: [
                "ConductKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "conduct",
            dependencies: ["ConductCLI"],
            // A release links with lld and packs its relative relocations (DT_RELR, glibc 2.36 and
            // later): the loader then applies some 50,000 of them in a few kilobytes at start-up.
            linkerSettings: [
                .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                             .when(platforms: [.linux], configuration: .release)),
            ]
        ),

        // Real peers the tests run against (git daemon), shared by the test targets.
        .target(name: "TestPeers", path: "Tests/TestPeers", exclude: ["git-https-server.py"]),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestPeers"]),
        .testTarget(
            name: "ConductKitTests",
            dependencies: [
                "ConductKit",
                "TestPeers",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ConductCLITests", dependencies: ["ConductKit", "TestPeers"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
