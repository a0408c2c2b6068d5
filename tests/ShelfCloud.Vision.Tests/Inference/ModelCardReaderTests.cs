using ShelfCloud.Domain.Models;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Vision.Tests.Inference;

public class ModelCardReaderTests
{
    private static readonly int[] DynamicImageInput = [-1, 3, -1, -1];
    private static readonly int[] YoloOutput = [-1, 6, -1];

    [Fact]
    public void Ultralytics_metadata_gives_input_size_and_class_names()
    {
        var metadata = new Dictionary<string, string>
        {
            ["imgsz"] = "[480, 640]",
            ["names"] = "{0: 'product', 1: \"it's empty\", 2: 'a, b: c'}",
            ["stride"] = "32",
        };

        var card = ModelCardReader.Read(metadata, null, DynamicImageInput, YoloOutput, ModelKind.Detector);

        (card.InputWidth, card.InputHeight).ShouldBe((640, 480));
        card.ClassNames.ShouldBe(["product", "it's empty", "a, b: c"]);
        card.Mean.ShouldBe([0f, 0f, 0f]);
        card.Std.ShouldBe([1f, 1f, 1f]);
    }

    [Fact]
    public void Detector_without_metadata_or_static_size_defaults_to_640()
    {
        var card = ModelCardReader.Read(new Dictionary<string, string>(), null, DynamicImageInput, YoloOutput, ModelKind.Detector);

        (card.InputWidth, card.InputHeight).ShouldBe((640, 640));
        card.ClassNames.ShouldBeEmpty();
    }

    [Fact]
    public void Embedder_without_metadata_takes_its_size_from_the_static_input_and_uses_imagenet_statistics()
    {
        var card = ModelCardReader.Read(new Dictionary<string, string>(), null, [-1, 3, 160, 160], [-1, 512], ModelKind.Embedder);

        (card.InputWidth, card.InputHeight).ShouldBe((160, 160));
        card.Mean.ShouldBe(ModelCard.ImageNetMean);
        card.Std.ShouldBe(ModelCard.ImageNetStd);
        card.EmbeddingDimension.ShouldBe(512);
    }

    [Fact]
    public void Sidecar_keys_win_over_metadata_keys()
    {
        var metadata = new Dictionary<string, string> { ["version"] = "1.0", ["mean"] = "[0.5, 0.5, 0.5]", ["name"] = "from-metadata" };
        const string sidecar = """
            {
              "version": "2.0",
              "imgsz": 96,
              "mean": [0.1, 0.2, 0.3],
              "std": 0.5,
              "names": ["cola", "chips"],
              "embedding_dim": 64
            }
            """;

        var card = ModelCardReader.Read(metadata, sidecar, DynamicImageInput, [-1, -1], ModelKind.Embedder);

        card.Name.ShouldBe("from-metadata");
        card.Version.ShouldBe("2.0");
        (card.InputWidth, card.InputHeight).ShouldBe((96, 96));
        card.Mean.ShouldBe([0.1f, 0.2f, 0.3f]);
        card.Std.ShouldBe([0.5f, 0.5f, 0.5f]);
        card.ClassNames.ShouldBe(["cola", "chips"]);
        card.EmbeddingDimension.ShouldBe(64);
    }

    [Fact]
    public void Json_style_names_with_string_ids_and_gaps_are_indexed_by_id()
    {
        var metadata = new Dictionary<string, string> { ["names"] = """{"0": "product", "2": "price tag"}""" };

        var card = ModelCardReader.Read(metadata, null, DynamicImageInput, YoloOutput, ModelKind.Detector);

        card.ClassNames.ShouldBe(["product", "1", "price tag"]);
    }

    [Theory]
    [InlineData("names", "{0: 'unterminated}")]
    [InlineData("imgsz", "[1, 2, 3]")]
    [InlineData("std", "[0.2, 0, 0.2]")]
    [InlineData("mean", "'red'")]
    public void Unreadable_values_are_reported_with_their_key(string key, string value)
    {
        var metadata = new Dictionary<string, string> { [key] = value };

        var error = Should.Throw<InvalidDataException>(() => ModelCardReader.Read(metadata, null, DynamicImageInput, YoloOutput, ModelKind.Detector));

        error.Message.ShouldContain($"'{key}'");
    }

    [Fact]
    public void Sidecar_path_replaces_the_onnx_extension()
    {
        ModelCardReader.SidecarPathFor(Path.Combine("models", "shelf-yolo.onnx")).ShouldBe(Path.Combine("models", "shelf-yolo.json"));
    }
}
