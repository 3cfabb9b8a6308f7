// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kaowu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kaowu", targets: ["kaowu"])
    ],
    targets: [
        // Thin system-library targets: one per C library, nothing else in them.
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // pkg-config, not only the module map, so the C shim (which includes jpeglib.h rather than
        // importing the module) links libjpeg too.
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // libxcrypt: crypt(3) with yescrypt, for teachers' initial passwords.
        .systemLibrary(name: "CCrypt", providers: [.apt(["libcrypt-dev"])]),
        // libharu ships no pkg-config file: its module map links hpdf directly.
        .systemLibrary(name: "CHaru", providers: [.apt(["libhpdf-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // Code of our own in C: setjmp/longjmp error handling for libjpeg and libpng stays in C.
        .target(name: "CImageShim", dependencies: ["CJPEG", "CPNG"]),
        // SHA-256 with the x86 SHA extensions (chosen at run time) and a portable fallback.
        .target(name: "CDigest"),
        // libFuzzer's driver through a weak reference: present only in scripts/fuzz's build.
        .target(name: "CFuzzDriver"),

        .target(name: "Domain"),
        // Threads and hand-offs: a channel, a one-shot future, workers and a bounded pool.
        .target(name: "Concurrency"),
        .target(name: "Store", dependencies: ["Domain", "CSQLite"]),
        .target(name: "Ingest", dependencies: ["Domain", "Concurrency", "CZip", "CXML2", "CImageShim", "CDigest"]),
        .target(name: "Validate", dependencies: ["Domain"], resources: [.copy("Resources/id-regions.tsv")]),
        .target(name: "Render", dependencies: ["Domain", "Concurrency", "CXlsxWriter", "CHaru", "CQREncode"]),
        .target(name: "Pipeline", dependencies: ["Domain", "Concurrency", "Store", "Ingest", "Validate", "Render", "CCrypt"]),
        // Seed-deterministic sample workbooks and photos: a tool for the demo, the benchmark and
        // tests, not part of the pipeline.
        .target(name: "SampleData", dependencies: ["Domain", "Ingest", "Validate", "Render"]),
        .executableTarget(name: "kaowu", dependencies: ["Pipeline", "Domain", "SampleData"]),
        // Fuzzing: one entry point per kind of untrusted input, and the harness that drives them.
        .target(name: "FuzzTargets", dependencies: ["Ingest", "Domain"]),
        .executableTarget(name: "kaowu-fuzz", dependencies: ["FuzzTargets", "CFuzzDriver"]),

        // Helpers every test suite shares: temporary directories, fixture ID numbers, error codes,
        // reading rows back.
        .target(name: "TestSupport", dependencies: ["Domain", "Ingest", "Store"], path: "Tests/TestSupport"),
        .testTarget(name: "ConcurrencyTests", dependencies: ["Concurrency"]),
        .testTarget(name: "DomainTests", dependencies: ["TestSupport", "Domain"]),
        .testTarget(name: "IngestTests", dependencies: ["TestSupport", "Ingest", "Render", "Domain"]),
        .testTarget(name: "ValidateTests", dependencies: ["TestSupport", "Validate", "Domain"]),
        .testTarget(name: "RenderTests", dependencies: ["TestSupport", "Render", "Ingest", "Domain"]),
        .testTarget(name: "StoreTests", dependencies: ["TestSupport", "Store", "Domain"]),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["TestSupport", "Pipeline", "SampleData", "Store", "Ingest", "Validate", "Render", "Domain"]),
        .testTarget(name: "SampleDataTests", dependencies: ["TestSupport", "SampleData", "Ingest", "Validate", "Domain"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["TestSupport", "FuzzTargets"]),
        .testTarget(
            name: "CLITests", dependencies: ["TestSupport", "kaowu", "SampleData", "Ingest", "Pipeline", "Store", "Domain", "Render"]),
    ],
    swiftLanguageModes: [.v6]
)

// Imports are internal unless a file says `public import`: a module's public API names another
// module's types only on purpose, so the CLI cannot reach Store or Validate through Pipeline.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("InternalImportsByDefault")]
}
