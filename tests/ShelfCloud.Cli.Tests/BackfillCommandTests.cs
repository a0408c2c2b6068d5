namespace ShelfCloud.Cli.Tests;

/// <summary><c>backfill</c>: its contract (captures=, changed=) and its refusals. What it changes is tested on the job path (Infrastructure tests).</summary>
public sealed class BackfillCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Backfill_prints_the_captures_scored_and_the_detections_changed()
    {
        await _cli.RunAsync("migrate");
        (await _cli.RunAsync("tenant", "add", "--slug", "acme", "--name", "Acme Foods")).ExitCode.ShouldBe(0);

        var result = await _cli.RunAsync("backfill", "--tenant", "acme", "--days", "7");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("captures=0");
        result.Output.ShouldContain("changed=0");
    }

    [Fact]
    public async Task Backfill_refuses_an_unknown_tenant_and_a_window_out_of_range()
    {
        await _cli.RunAsync("migrate");

        var unknown = await _cli.RunAsync("backfill", "--tenant", "nobody");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("'nobody' does not exist");
        var days = await _cli.RunAsync("backfill", "--tenant", "nobody", "--days", "0");
        days.ExitCode.ShouldNotBe(0);
        days.Error.ShouldContain("--days must be 1 to 90");
    }
}
