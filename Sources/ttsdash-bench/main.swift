import Foundation

// Release-build benchmarks that print figures. Run with:
//   swift run -c release ttsdash-bench replay [--stores DIR] [--seeds N]
//   swift run -c release ttsdash-bench trace-index [--size-gb G]
//   swift run -c release ttsdash-bench trace-open [--size-gb G] [--question Q]
//   swift run -c release ttsdash-bench method [--round r0004] [--backbone Qwen3-4B] [--runs N]
//   swift run -c release ttsdash-bench speed [--runs N] [--baseline PATH] [--only matrix|sweep] [--seeds N]
//     (PATH: a bench built from another commit, e.g. by scripts/bench-baseline HEAD~1)
//   swift run -c release ttsdash-bench trace-digests   (the digests TraceBytesTests expects)
let arguments = Array(CommandLine.arguments.dropFirst())
let name = arguments.first ?? "help"
let rest = Array(arguments.dropFirst())
do {
    switch name {
    case "replay": try ReplayBenchmark.run(arguments: rest)
    case "trace-index": try TraceIndexBenchmark.run(arguments: rest)
    case "trace-open": try TraceOpenBenchmark.run(arguments: rest)
    case "method": try MethodBenchmark.run(arguments: rest)
    case "speed": try SpeedBenchmark.run(arguments: rest)
    case "trace-digests": try TraceDigests.run(arguments: rest)
    default:
        print("usage: ttsdash-bench replay|trace-index|trace-open|method|speed|trace-digests [options]")
    }
} catch {
    FileHandle.standardError.write("ttsdash-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
