using static ShelfCloud.Cli.Tests.Recognition.JsonAssertions;

namespace ShelfCloud.Cli.Tests.Analytics;

/// <summary><c>bench alerts</c>: out-of-stock events through the real analysis, outbox, sender and a loopback receiver.</summary>
public sealed class AlertBenchCommandTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("shelfcloud-alert-bench-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Every_event_is_delivered_and_the_latencies_are_reported()
    {
        var json = Path.Combine(_folder, "alerts.json");

        var result = await _cli.RunAsync("bench", "alerts", "--events", "3", "--json", json);

        result.ExitCode.ShouldBe(0, result.Error);
        var root = ReadJson(json);
        root.ShouldHaveKeys("events", "delivered", "p50_ms", "p95_ms", "max_ms");
        (root.GetProperty("events").GetInt32(), root.GetProperty("delivered").GetInt32()).ShouldBe((3, 3));
        root.GetProperty("p95_ms").GetDouble().ShouldBeGreaterThan(0);
        result.Output.ShouldContain("3 of 3 out-of-stock events delivered");
    }

    [Fact]
    public async Task Bench_alerts_refuses_no_events()
    {
        var result = await _cli.RunAsync("bench", "alerts", "--events", "0", "--json", Path.Combine(_folder, "x.json"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("--events");
    }
}
