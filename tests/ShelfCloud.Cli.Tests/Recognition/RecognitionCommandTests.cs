using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using ShelfCloud.TestSupport;
using static ShelfCloud.Cli.Tests.Recognition.JsonAssertions;

namespace ShelfCloud.Cli.Tests.Recognition;

/// <summary><c>embed</c>, <c>recognize</c>, <c>eval</c> and <c>bench</c> on generated folders with the tiny real models.</summary>
public sealed class RecognitionCommandTests : IDisposable
{
    private static readonly string Detector = TestModels.Detector;
    private static readonly string Embedder = TestModels.Embedder;

    private readonly CliRun _cli = new();
    private readonly TestDatasets _data = new();

    public void Dispose()
    {
        _cli.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Embed_writes_one_line_per_readable_image_with_its_relative_path_class_and_unit_vector()
    {
        var images = _data.ImageFolder("gallery", perClass: 2, shadeSeed: 1);
        _data.Broken("gallery/aisle-1/red/corrupt.jpg");
        var output = _data.Path("out", "vectors.jsonl");

        var result = await _cli.RunAsync("embed", "--images", images, "--out", output, "--embedder", Embedder);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("embedded 8 image(s) (16 dimensions)");
        result.Output.ShouldContain("skipped 1 unreadable image(s)");
        result.Error.ShouldContain("warning: skipped");
        result.Error.ShouldContain("corrupt.jpg");
        var lines = File.ReadAllLines(output).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        lines.Count.ShouldBe(8);
        lines.ShouldAllBe(line => line.Keys().SequenceEqual(new[] { "path", "class", "vector" }));
        lines.Select(line => line.GetProperty("class").GetString()).Distinct().Order().ShouldBe(["blue", "green", "red", "yellow"]);
        lines[0].GetProperty("path").GetString().ShouldBe("aisle-1/blue/blue-0.png");
        var vector = lines[0].GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        vector.Length.ShouldBe(16);
        TensorPrimitives.Norm(vector).ShouldBe(1f, tolerance: 1e-4f);
    }

    [Fact]
    public async Task Recognize_one_image_names_the_gallery_sku_of_each_pack_in_original_pixels()
    {
        var gallery = _data.ImageFolder("gallery", perClass: 2, shadeSeed: 2);
        var image = _data.ShelfImage("shelf.png", TestDatasets.Classes[0].Colour, TestDatasets.Classes[1].Colour, TestDatasets.Classes[2].Colour);
        var json = _data.Path("out", "shelf.json");

        var result = await _cli.RunAsync("recognize", "--image", image, "--json", json, "--detector", Detector, "--embedder", Embedder, "--gallery", gallery);

        result.ExitCode.ShouldBe(0, result.Error);
        var root = ReadJson(json);
        root.ShouldHaveKeys("image", "detections", "timings_ms");
        root.GetProperty("image").ShouldHaveKeys("width", "height");
        root.GetProperty("image").GetProperty("width").GetInt32().ShouldBe(256);
        var detections = root.GetProperty("detections").EnumerateArray().ToList();
        detections.Count.ShouldBe(3);
        detections.ShouldAllBe(d => d.Keys().SequenceEqual(new[] { "box", "score", "class", "sku", "unknown", "candidates" }));
        detections.ShouldAllBe(d => d.GetProperty("unknown").GetBoolean() == false, "the test embedder has no calibrated threshold");
        detections.Select(d => d.GetProperty("sku").GetString()).ShouldBe(["red", "green", "blue"]);
        detections.Select(d => d.GetProperty("class").GetString()).ShouldBe(["product", "empty", "product"]);
        detections[0].GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray().ShouldBe([44f, 2f, 84f, 62f], tolerance: 0.01f);
        var candidate = detections[0].GetProperty("candidates")[0];
        candidate.ShouldHaveKeys("sku", "visual_score", "realgram_coefficient", "final_score");
        candidate.GetProperty("final_score").GetDouble().ShouldBe(candidate.GetProperty("visual_score").GetDouble());
        root.GetProperty("timings_ms").ShouldHaveKeys("decode", "detect", "crop_embed", "search", "fuse", "detector_inference", "embedder_inference", "total");
        root.GetProperty("timings_ms").GetProperty("total").GetDouble().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Recognize_a_folder_without_gallery_writes_one_json_per_image_with_boxes_and_no_sku()
    {
        _data.ShelfImage("shelves/a/one.png", TestDatasets.Classes[0].Colour);
        _data.ShelfImage("shelves/two.JPG", TestDatasets.Classes[1].Colour);
        _data.Broken("shelves/broken.webp");
        var output = _data.Path("results");

        var result = await _cli.RunAsync("recognize", "--images", _data.Path("shelves"), "--out", output, "--detector", Detector);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("recognised 2 image(s), 6 product(s)");
        result.Output.ShouldContain("skipped 1 unreadable image(s)");
        File.Exists(Path.Combine(output, "a", "one.json")).ShouldBeTrue();
        var two = ReadJson(Path.Combine(output, "two.json"));
        var detections = two.GetProperty("detections").EnumerateArray().ToList();
        detections.Count.ShouldBe(3);
        detections.ShouldAllBe(d => d.GetProperty("sku").ValueKind == JsonValueKind.Null && d.GetProperty("candidates").GetArrayLength() == 0);
    }

    [Fact]
    public async Task Eval_retrieval_names_every_query_class_and_reports_per_class_figures()
    {
        var gallery = _data.ImageFolder("gallery", perClass: 2, shadeSeed: 3);
        var queries = _data.ImageFolder("queries", perClass: 3, shadeSeed: 4);
        var json = _data.Path("retrieval.json");

        var result = await _cli.RunAsync("eval", "retrieval", "--gallery", gallery, "--queries", queries, "--embedder", Embedder, "--json", json);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("top1=1.0000 top5=1.0000 queries=12 gallery=8 classes=4");
        var root = ReadJson(json);
        root.ShouldHaveKeys("top1", "top5", "queries", "gallery", "classes", "per_class");
        root.GetProperty("top1").GetDouble().ShouldBe(1.0);
        root.GetProperty("per_class").Keys().ShouldBe(["blue", "green", "red", "yellow"]);
        root.GetProperty("per_class").GetProperty("red").ShouldHaveKeys("top1", "queries");
        root.GetProperty("per_class").GetProperty("red").GetProperty("queries").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Eval_retrieval_counts_a_query_class_missing_from_the_gallery_as_a_miss()
    {
        var gallery = _data.ImageFolder("gallery", perClass: 1, shadeSeed: 5);
        Directory.Delete(_data.Path("gallery", "aisle-1", "yellow"), recursive: true);
        var queries = _data.ImageFolder("queries", perClass: 1, shadeSeed: 6);
        var json = _data.Path("retrieval.json");

        var result = await _cli.RunAsync("eval", "retrieval", "--gallery", gallery, "--queries", queries, "--embedder", Embedder, "--json", json);

        result.ExitCode.ShouldBe(0, result.Error);
        var root = ReadJson(json);
        root.GetProperty("top1").GetDouble().ShouldBe(0.75);
        root.GetProperty("classes").GetInt32().ShouldBe(3);
        root.GetProperty("per_class").GetProperty("yellow").GetProperty("top1").GetDouble().ShouldBe(0);
    }

    [Fact]
    public async Task Eval_retrieval_with_unknown_products_reports_how_well_they_are_told_apart()
    {
        var gallery = _data.ImageFolder("gallery", perClass: 2, shadeSeed: 7);
        Directory.Delete(_data.Path("gallery", "aisle-1", "yellow"), recursive: true);
        var queries = _data.ImageFolder("queries", perClass: 3, shadeSeed: 8);
        Directory.Delete(_data.Path("queries", "aisle-1", "yellow"), recursive: true);
        var unknown = _data.ImageFolder("unknown", perClass: 3, shadeSeed: 9);
        foreach (var known in new[] { "red", "green", "blue" })
            Directory.Delete(_data.Path("unknown", "aisle-1", known), recursive: true);
        var json = _data.Path("retrieval.json");

        var calibrated = await _cli.RunAsync("eval", "retrieval", "--gallery", gallery, "--queries", queries, "--unknown", unknown, "--embedder", Embedder, "--json", json);

        calibrated.ExitCode.ShouldBe(0, calibrated.Error);
        calibrated.Output.ShouldContain("calibrated on these queries");
        var root = ReadJson(json);
        root.ShouldHaveKeys("top1", "top5", "queries", "gallery", "classes", "unknown_auroc", "unknown_rejected", "known_accepted",
            "unknown_threshold", "unknown_threshold_source", "unknown_queries", "per_class");
        root.GetProperty("queries").GetInt32().ShouldBe(9);
        root.GetProperty("unknown_queries").GetInt32().ShouldBe(3);
        root.GetProperty("unknown_auroc").GetDouble().ShouldBe(1.0, "yellow packs look like none of the red, green and blue references");
        root.GetProperty("known_accepted").GetDouble().ShouldBeGreaterThanOrEqualTo(0.95);

        var everyoneKnown = await _cli.RunAsync("eval", "retrieval", "--gallery", gallery, "--queries", queries, "--unknown", unknown,
            "--unknown-threshold", "-1", "--embedder", Embedder, "--json", json);

        everyoneKnown.ExitCode.ShouldBe(0, everyoneKnown.Error);
        root = ReadJson(json);
        root.GetProperty("unknown_threshold_source").GetString().ShouldBe("option");
        root.GetProperty("known_accepted").GetDouble().ShouldBe(1.0);
        root.GetProperty("unknown_rejected").GetDouble().ShouldBe(0.0);
    }

    [Theory]
    [InlineData("--unknown-threshold", "1.5", "--unknown-threshold must be a cosine similarity")]
    [InlineData("--unknown", "{missing}", "--unknown")]
    public async Task Eval_retrieval_refuses_a_bad_unknown_option_with_its_name(string option, string value, string message)
    {
        var gallery = _data.ImageFolder("gallery", perClass: 1, shadeSeed: 10);
        var json = _data.Path("retrieval.json");

        var result = await _cli.RunAsync("eval", "retrieval", "--gallery", gallery, "--queries", gallery, "--embedder", Embedder, "--json", json,
            option, value.Replace("{missing}", _data.Path("nowhere"), StringComparison.Ordinal));

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain(message);
        File.Exists(json).ShouldBeFalse();
    }

    [Fact]
    public async Task Eval_detection_gives_full_map_for_exact_labels_and_less_for_shifted_ones()
    {
        _data.ShelfImage("images/train/a.png", TestDatasets.Classes[0].Colour);
        _data.ShelfImage("images/train/b.png", TestDatasets.Classes[1].Colour);
        WriteLabels("exact/train/a.txt", shift: 0);
        WriteLabels("exact/train/b.txt", shift: 0);
        WriteLabels("shifted/train/a.txt", shift: 6);
        WriteLabels("shifted/train/b.txt", shift: 6);

        var exact = await _cli.RunAsync("eval", "detection", "--images", _data.Path("images"), "--labels", _data.Path("exact"), "--detector", Detector, "--json", _data.Path("exact.json"));
        var shifted = await _cli.RunAsync("eval", "detection", "--images", _data.Path("images"), "--labels", _data.Path("shifted"), "--detector", Detector, "--json", _data.Path("shifted.json"));

        exact.ExitCode.ShouldBe(0, exact.Error);
        var perfect = ReadJson(_data.Path("exact.json"));
        perfect.ShouldHaveKeys("map50", "map50_95", "images", "boxes");
        perfect.GetProperty("map50").GetDouble().ShouldBe(1.0);
        perfect.GetProperty("map50_95").GetDouble().ShouldBe(1.0);
        perfect.GetProperty("images").GetInt32().ShouldBe(2);
        perfect.GetProperty("boxes").GetInt32().ShouldBe(6);
        shifted.ExitCode.ShouldBe(0, shifted.Error);
        var worse = ReadJson(_data.Path("shifted.json"));
        worse.GetProperty("map50_95").GetDouble().ShouldBeLessThan(0.9);
        worse.GetProperty("map50").GetDouble().ShouldBe(1.0);
    }

    [Fact]
    public async Task Bench_quick_writes_exactly_the_contract_figures_and_the_models_it_measured()
    {
        var json = _data.Path("bench.json");

        var result = await _cli.RunAsync("bench", "--json", json, "--quick", "--detector", Detector, "--embedder", Embedder);

        result.ExitCode.ShouldBe(0, result.Error);
        var root = ReadJson(json);
        root.ShouldHaveKeys(
            "pipeline_overhead_ratio", "search_ms_p50_100k_q1", "search_ms_p50_100k_q64", "search_ms_p99_100k_q64", "simd_speedup",
            "search_ms_p50_1m_q64", "bytes_per_vector", "detector_images_per_s", "embedder_crops_per_s", "models");
        foreach (var figure in root.EnumerateObject().Where(p => p.Name != "models"))
        {
            figure.Value.GetDouble().ShouldBeGreaterThan(0, figure.Name);
        }

        root.GetProperty("pipeline_overhead_ratio").GetDouble().ShouldBeGreaterThan(1);
        var detector = root.GetProperty("models").GetProperty("detector");
        detector.GetProperty("path").GetString().ShouldBe(Detector);
        detector.GetProperty("default").GetBoolean().ShouldBeFalse();
        root.GetProperty("models").GetProperty("embedder").GetProperty("name").GetString().ShouldBe("quadrant-embedder");
        result.Output.ShouldContain("pipeline_overhead_ratio");
    }

    [Theory]
    [InlineData("embed", "--images", "{missing}", "--out", "{out}/x.jsonl")]
    [InlineData("recognize", "--image", "{missing}/shelf.jpg", "--json", "{out}/x.json")]
    [InlineData("recognize", "--images", "{missing}", "--out", "{out}")]
    [InlineData("eval", "retrieval", "--gallery", "{missing}", "--queries", "{missing}", "--json", "{out}/x.json")]
    [InlineData("eval", "detection", "--images", "{missing}", "--labels", "{missing}", "--json", "{out}/x.json")]
    public async Task A_missing_input_path_is_one_error_line_naming_it_and_a_non_zero_exit(params string[] args)
    {
        var missing = _data.Path("does-not-exist");
        var resolved = args.Select(a => a.Replace("{missing}", missing).Replace("{out}", _data.Path("out"))).ToArray();

        var result = await _cli.RunAsync(resolved);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldStartWith("error: ");
        result.Error.ShouldContain(missing);
    }

    [Fact]
    public async Task A_detector_given_as_embedder_is_refused_as_the_wrong_shape()
    {
        var images = _data.ImageFolder("gallery", perClass: 1, shadeSeed: 7);

        var result = await _cli.RunAsync("embed", "--images", images, "--out", _data.Path("x.jsonl"), "--embedder", Detector);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldStartWith("error: ");
        result.Error.ShouldContain("wrong shape for an embedder");
        File.Exists(_data.Path("x.jsonl")).ShouldBeFalse();
    }

    [Fact]
    public async Task An_embedder_given_as_detector_is_refused_as_the_wrong_shape()
    {
        var image = _data.ShelfImage("shelf.png");

        var result = await _cli.RunAsync("recognize", "--image", image, "--json", _data.Path("x.json"), "--detector", Embedder);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("wrong shape for a detector");
    }

    [Fact]
    public async Task A_missing_configured_model_gives_an_error_naming_the_option_and_the_setting()
    {
        var image = _data.ShelfImage("shelf.png");
        var settings = new Dictionary<string, string?> { ["Models:Detector"] = _data.Path("no-such-detector.onnx") };

        var result = await _cli.RunAsync(settings, "recognize", "--image", image, "--json", _data.Path("x.json"));

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("pass --detector PATH or set Models:Detector");
    }

    [Fact]
    public async Task An_unreadable_single_image_fails_the_command()
    {
        var image = _data.Broken("shelf.jpg");

        var result = await _cli.RunAsync("recognize", "--image", image, "--json", _data.Path("x.json"), "--detector", Detector);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("the image cannot be read");
        File.Exists(_data.Path("x.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Recognize_refuses_image_and_images_together()
    {
        var image = _data.ShelfImage("shelf.png");

        var result = await _cli.RunAsync("recognize", "--image", image, "--images", _data.Root, "--json", _data.Path("x.json"), "--detector", Detector);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("either --image FILE with --json FILE, or --images DIR with --out DIR");
    }

    private void WriteLabels(string relativePath, int shift)
    {
        var path = _data.Path(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = TestShelves.WideBoxes.Zip(TestShelves.WideBoxClassIds, (box, classId) =>
        {
            box.Offset(shift, 0);
            return string.Create(CultureInfo.InvariantCulture, $"{classId} {box.MidX / 256} {box.MidY / 128} {box.Width / 256} {box.Height / 128}");
        });
        File.WriteAllLines(path, lines);
    }
}
