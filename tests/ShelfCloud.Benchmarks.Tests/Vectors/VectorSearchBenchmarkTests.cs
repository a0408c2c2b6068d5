using ShelfCloud.Benchmarks.Core.Vectors;

namespace ShelfCloud.Benchmarks.Tests.Vectors;

public sealed class VectorSearchBenchmarkTests
{
    [Fact]
    public void A_tiny_run_reports_every_figure_with_a_positive_value()
    {
        var settings = new VectorSearchBenchmarkSettings(Dimension: 32, SmallCount: 3000, LargeCount: 6000, BatchSize: 8, Repetitions: 3);

        var figures = new VectorSearchBenchmark().Run(settings, TestContext.Current.CancellationToken);

        figures.Keys.ShouldBe(
            ["search_ms_p50_100k_q1", "search_ms_p50_100k_q64", "search_ms_p99_100k_q64", "simd_speedup", "search_ms_p50_1m_q64", "bytes_per_vector"],
            ignoreOrder: true);
        figures.Values.ShouldAllBe(value => value > 0 && double.IsFinite(value));
        figures["bytes_per_vector"].ShouldBeGreaterThan(32 * 4);
    }
}
