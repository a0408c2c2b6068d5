using System.Text.Json;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Cli.Tests.Recognition;

/// <summary><c>eval inbox</c> on a small history of generated product photos with the default models.</summary>
public sealed class EvalInboxCommandTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _root = Directory.CreateTempSubdirectory("shelfcloud-eval-inbox-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Eval_inbox_scores_removed_skus_grouping_and_naming_and_refuses_removing_too_many()
    {
        var photos = Path.Combine(_root, "photos");
        ProductPhotoFolder.Write(photos, 10, photosPerClass: 4);
        var data = Path.Combine(_root, "history");
        (await _cli.RunAsync("synth", "--out", data, "--seed", "3", "--shelves", "1", "--days", "2", "--crops", photos)).ExitCode.ShouldBe(0);
        var json = Path.Combine(_root, "inbox.json");

        var result = await _cli.RunAsync("eval", "inbox", "--data", data, "--gallery", photos, "--truth-boxes", "--remove", "2", "--json", json);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("reached_inbox=");
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        root.GetProperty("removed_skus").GetArrayLength().ShouldBe(2);
        root.GetProperty("removed_crops").GetInt32().ShouldBeGreaterThan(0);
        foreach (var key in new[] { "removed_reached_inbox", "removed_in_single_product_groups", "removed_corrected_after_naming", "catalog_top1_visual_before_naming", "catalog_in_inbox" })
            root.GetProperty(key).GetDouble().ShouldBeInRange(0, 1, key);
        root.GetProperty("single_product_groups").GetInt32().ShouldBeLessThanOrEqualTo(root.GetProperty("groups").GetInt32());
        root.GetProperty("threshold").GetDouble().ShouldBe(0.9);

        var tooMany = await _cli.RunAsync("eval", "inbox", "--data", data, "--gallery", photos, "--remove", "50", "--json", json);
        tooMany.ExitCode.ShouldNotBe(0);
        tooMany.Error.ShouldContain("catalog SKUs on its shelves");
    }
}
