package importer

// BenchPlanConfig lets the external tests (package importer_test, which
// may import the preview) plan a generated archive like the benchmarks.
var BenchPlanConfig = benchPlanConfig
