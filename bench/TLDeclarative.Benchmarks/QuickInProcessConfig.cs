using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TLDeclarative.Benchmarks;

/// <summary>
/// In-process (no generated benchmark project to build), one launch, a few warm-up and measured
/// iterations: finishes in a few minutes on 2 busy cores. Reports median, ratio to the cold run and
/// allocations.
/// </summary>
public sealed class QuickInProcessConfig : ManualConfig
{
    public QuickInProcessConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("Quick"));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
