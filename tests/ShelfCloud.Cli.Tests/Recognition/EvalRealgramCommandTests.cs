using ShelfCloud.TestSupport;
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
            "shelves", "captures", "products", "annotate_every_days", "annotated_captures", "truth_boxes", "references", "ranker_version",
            "detection_recall", "top1_without_realgram", "top1_with_realgram", "top1_without_realgram_detected", "top1_with_realgram_detected",
            "captures_with_history", "top1_without_realgram_with_history", "top1_with_realgram_with_history",
            "fixed_by_realgram", "broken_by_realgram", "unknown_answers",
            "top1_realgram_max_count_merge", "top1_final", "top1_tracking_off", "top1_ranker_off", "top1_final_with_history",
            "consecutive_pairs", "flicker_rate_looks_alone", "flicker_rate_realgram", "flicker_rate_tracking_off", "flicker_rate_final",
            "not_in_catalog_products", "not_in_catalog_unknown_looks_alone", "not_in_catalog_unknown_final", "flicker_rate_final_with_history",
            "flicker_rate_final_as_shown", "flicker_rate_ranker_off", "top1_by_day");
        root.GetProperty("top1_by_day").GetArrayLength().ShouldBe(2, "two days of history");
        root.GetProperty("truth_boxes").GetBoolean().ShouldBeFalse();
        root.GetProperty("references").GetString().ShouldBe("--data packshots");
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
    public async Task A_history_of_real_photos_is_scored_on_its_labelled_boxes_against_a_photo_gallery_every_way()
    {
        var photos = Path.Combine(_root, "photos");
        ProductPhotoFolder.Write(photos, classes: 12, photosPerClass: 4);
        var data = Path.Combine(_root, "history");
        var json = Path.Combine(_root, "realgram.json");

        var synth = await _cli.RunAsync("synth", "--out", data, "--seed", "4", "--shelves", "2", "--days", "6", "--crops", photos);
        synth.ExitCode.ShouldBe(0, synth.Error);
        var result = await _cli.RunAsync("eval", "realgram", "--data", data, "--gallery", photos, "--truth-boxes", "--annotate-every-days", "2", "--json", json);

        result.ExitCode.ShouldBe(0, result.Error);
        var root = ReadJson(json);
        new[] { "top1_final", "top1_tracking_off", "top1_ranker_off", "flicker_rate_looks_alone", "flicker_rate_final" }.ShouldAllBe(key => root.Keys().Contains(key));
        root.GetProperty("truth_boxes").GetBoolean().ShouldBeTrue();
        root.GetProperty("references").GetString().ShouldBe("--gallery");
        root.GetProperty("detection_recall").GetDouble().ShouldBe(1.0, "the labelled boxes are the boxes");
        root.GetProperty("consecutive_pairs").GetInt32().ShouldBeGreaterThan(0);
        root.GetProperty("not_in_catalog_products").GetInt32().ShouldBeGreaterThan(0, "the tenth class stays out of the catalog");
        root.GetProperty("flicker_rate_final").GetDouble().ShouldBeLessThanOrEqualTo(root.GetProperty("flicker_rate_looks_alone").GetDouble());
        result.Output.ShouldContain("final=");
    }

    [Fact]
    public async Task Eval_realgram_refuses_a_gallery_without_any_of_the_catalogs_skus()
    {
        var data = Path.Combine(_root, "history");
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(data, Seed: 21, Shelves: 1, Skus: 12, Days: 1));
        var photos = Path.Combine(_root, "photos");
        ProductPhotoFolder.Write(photos, classes: 3, photosPerClass: 1);

        var result = await _cli.RunAsync("eval", "realgram", "--data", data, "--gallery", photos, "--json", Path.Combine(_root, "x.json"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("none of its classes");
    }

    [Fact]
    public async Task Synth_refuses_a_crops_folder_that_is_not_there()
    {
        var result = await _cli.RunAsync("synth", "--out", Path.Combine(_root, "o"), "--seed", "1", "--shelves", "1", "--crops", Path.Combine(_root, "nope"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("--crops");
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
