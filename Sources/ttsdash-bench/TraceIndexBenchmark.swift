// Placeholder until the runs layer's trace index lands.
enum TraceIndexBenchmark {
    static func run(arguments: [String]) throws { print("trace-index benchmark: not available yet") }
}
