using ShelfCloud.Vision.Tooling.Synthetic;
using static ShelfCloud.Cli.Tests.Recognition.JsonAssertions;

namespace ShelfCloud.Cli.Tests.Recognition;

/// <summary><c>eval realgram</c> over a small synthetic shelf history with the default models.</summary>
public sealed class EvalRealgramCommandTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _root = Directory.CreateTempSubdirectory("shelfcloud-eval-realgram-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Eval_realgram_scores_every_photo_with_and_without_the_shelf_s_annotations()
    {
        var data = Path.Combine(_root, "history");
        var summary = SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(data, Seed: 21, Shelves: 1, Skus: 12, Days: 2));
        var json = Path.Combine(_root, "realgram.json");

        var result = await _cli.RunAsync("eval", "realgram", "--data", data, "--annotate-every-days", "1", "--json", json);

        result.ExitCode.ShouldBe(0, result.Error);
        var root = ReadJson(json);
        root.ShouldHaveKeys(
            "shelves", "captures", "products", "annotate_every_days", "annotated_captures", "detection_recall",
            "top1_without_realgram", "top1_with_realgram", "top1_without_realgram_detected", "top1_with_realgram_detected",
            "captures_with_history", "top1_without_realgram_with_history", "top1_with_realgram_with_history",
            "fixed_by_realgram", "broken_by_realgram", "unknown_answers");
        root.GetProperty("captures").GetInt32().ShouldBe(summary.Images);
        root.GetProperty("products").GetInt32().ShouldBe(summary.Products);
        root.GetProperty("annotated_captures").GetInt32().ShouldBe(2, "one photo a day, two days");
        root.GetProperty("captures_with_history").GetInt32().ShouldBe(summary.Images - 1, "every photo after the first one");
        root.GetProperty("detection_recall").GetDouble().ShouldBeGreaterThan(0.8, "the default detector finds synthetic products");
        root.GetProperty("top1_with_realgram_with_history").GetDouble()
            .ShouldBeGreaterThanOrEqualTo(root.GetProperty("top1_without_realgram_with_history").GetDouble() - 0.02,
                "annotations of the same shelf do not make recognition worse");
        result.Output.ShouldContain("top1 without realgram=");
    }

    [Fact]
    public async Task Eval_realgram_refuses_a_folder_that_is_not_a_synthetic_history()
    {
        var result = await _cli.RunAsync("eval", "realgram", "--data", _root, "--json", Path.Combine(_root, "x.json"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("shelves/meta");
        File.Exists(Path.Combine(_root, "x.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Eval_realgram_refuses_an_annotation_interval_below_one_day()
    {
        var result = await _cli.RunAsync("eval", "realgram", "--data", _root, "--annotate-every-days", "0", "--json", Path.Combine(_root, "x.json"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("--annotate-every-days");
    }
}
