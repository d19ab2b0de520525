using BenchmarkDotNet.Running;

// Runs every benchmark with the config on each class (in-process, few iterations: see
// docs/performance.md). Any BenchmarkDotNet arguments work, e.g. --filter '*Incremental*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
