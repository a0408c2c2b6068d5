using System.Globalization;
using System.Text.Json;
using ShelfCloud.Vision.Tooling.Synthetic;
using static ShelfCloud.Cli.Tests.Recognition.JsonAssertions;

namespace ShelfCloud.Cli.Tests.Recognition;

/// <summary><c>eval rows</c> on synthetic shelves whose row labels come from the generator's metadata, with the default detector.</summary>
public sealed class EvalRowsCommandTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly string _root = Directory.CreateTempSubdirectory("shelfcloud-eval-rows-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Eval_rows_recovers_the_rows_of_synthetic_shelves()
    {
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions(_root, Seed: 31, Shelves: 3, Skus: 15));
        var labels = WriteRowLabels();
        var json = Path.Combine(_root, "rows.json");

        var result = await _cli.RunAsync("eval", "rows", "--images", Path.Combine(_root, "shelves", "images"), "--labels", labels, "--json", json);

        result.ExitCode.ShouldBe(0, result.Error);
        var root = ReadJson(json);
        root.ShouldHaveKeys("images", "labelled_rows", "recovered_rows", "recovered", "rows_found_per_image", "products_per_image");
        root.GetProperty("images").GetInt32().ShouldBe(3);
        root.GetProperty("labelled_rows").GetInt32().ShouldBeGreaterThan(6);
        root.GetProperty("recovered").GetDouble().ShouldBeGreaterThan(0.8, "the default detector and the row analysis find synthetic shelf rows");
        result.Output.ShouldContain("recovered=");
    }

    [Fact]
    public async Task Eval_rows_refuses_a_missing_label_folder()
    {
        Directory.CreateDirectory(Path.Combine(_root, "images"));

        var result = await _cli.RunAsync("eval", "rows", "--images", Path.Combine(_root, "images"), "--labels", Path.Combine(_root, "nope"), "--json", Path.Combine(_root, "x.json"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("--labels");
    }

    /// <summary>One YOLO box per shelf row: the extent of the row's labelled products (the generator's metadata).</summary>
    private string WriteRowLabels()
    {
        var folder = Path.Combine(_root, "row-labels");
        Directory.CreateDirectory(folder);
        foreach (var meta in Directory.EnumerateFiles(Path.Combine(_root, "shelves", "meta"), "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(meta));
            var width = document.RootElement.GetProperty("width").GetSingle();
            var height = document.RootElement.GetProperty("height").GetSingle();
            var lines = document.RootElement.GetProperty("products").EnumerateArray()
                .GroupBy(p => p.GetProperty("row").GetInt32())
                .Select(row =>
                {
                    var boxes = row.Select(p => p.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
                    float x1 = boxes.Min(b => b[0]), y1 = boxes.Min(b => b[1]), x2 = boxes.Max(b => b[2]), y2 = boxes.Max(b => b[3]);
                    return string.Create(CultureInfo.InvariantCulture,
                        $"0 {(x1 + x2) / 2 / width:F6} {(y1 + y2) / 2 / height:F6} {(x2 - x1) / width:F6} {(y2 - y1) / height:F6}");
                });
            File.WriteAllLines(Path.Combine(folder, Path.GetFileNameWithoutExtension(meta) + ".txt"), lines);
        }

        return folder;
    }
}
