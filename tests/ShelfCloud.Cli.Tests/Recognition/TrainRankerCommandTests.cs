using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Cli.Tests.Recognition;

/// <summary><c>train ranker</c> on a small history of "real" photos with the default models.</summary>
public sealed class TrainRankerCommandTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _root = Directory.CreateTempSubdirectory("shelfcloud-train-ranker-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Train_ranker_writes_a_model_with_its_tracking_settings_that_eval_realgram_then_uses()
    {
        var (data, photos) = await HistoryAsync(days: 4);
        var model = Path.Combine(_root, "ranker.json");

        var result = await _cli.RunAsync("train", "ranker", "--data", data, "--gallery", photos, "--truth-boxes", "--out", model, "--version", "test-ranker-1");

        result.ExitCode.ShouldBe(0, result.Error);
        var parsed = RankerModel.Parse(File.ReadAllText(model));
        parsed.Version.ShouldBe("test-ranker-1");
        parsed.Facings.ShouldBeGreaterThanOrEqualTo(RankerTrainer.MinimumFacings);
        parsed.Tracking.ShouldNotBeNull();
        result.Output.ShouldContain("tracking switch_margin=");

        var json = Path.Combine(_root, "eval.json");
        var eval = await _cli.RunAsync("eval", "realgram", "--data", data, "--gallery", photos, "--truth-boxes", "--ranker", model, "--json", json);
        eval.ExitCode.ShouldBe(0, eval.Error);
        File.ReadAllText(json).ShouldContain("\"ranker_version\": \"test-ranker-1\"");
    }

    [Fact]
    public async Task Train_ranker_refuses_a_history_too_short_to_learn_from_and_writes_no_model()
    {
        var (data, photos) = await HistoryAsync(days: 1, shelves: 1, classes: 3);
        var model = Path.Combine(_root, "ranker.json");

        var result = await _cli.RunAsync("train", "ranker", "--data", data, "--gallery", photos, "--truth-boxes", "--out", model);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("at least");
        File.Exists(model).ShouldBeFalse();
    }

    [Fact]
    public async Task Eval_realgram_refuses_a_ranker_file_that_is_not_a_model()
    {
        var (data, photos) = await HistoryAsync(days: 1, shelves: 1, classes: 3);
        var bad = Path.Combine(_root, "bad.json");
        await File.WriteAllTextAsync(bad, "{\"version\": \"x\"}", TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync("eval", "realgram", "--data", data, "--gallery", photos, "--ranker", bad, "--json", Path.Combine(_root, "e.json"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("--ranker");
    }

    private async Task<(string Data, string Photos)> HistoryAsync(int days, int shelves = 2, int classes = 12)
    {
        var photos = Path.Combine(_root, "photos");
        ProductPhotoFolder.Write(photos, classes, photosPerClass: 4);
        var data = Path.Combine(_root, "history");
        var synth = await _cli.RunAsync("synth", "--out", data, "--seed", "9", "--shelves", shelves.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--days", days.ToString(System.Globalization.CultureInfo.InvariantCulture), "--crops", photos);
        synth.ExitCode.ShouldBe(0, synth.Error);
        return (data, photos);
    }
}
