using System.CommandLine;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Vision.Tooling.Datasets;

namespace ShelfCloud.Cli.Commands;

/// <summary>The options of the evaluations that run a detector over labelled photos: <c>--images --labels [--detector] --json</c>.</summary>
internal sealed class LabelledImagesOptions
{
    private readonly Option<string> _images;
    private readonly Option<string> _labels;
    private readonly Option<string?> _detector = new("--detector") { Description = "ONNX detector (default: Models:Detector)" };
    private readonly Option<string> _json = new("--json") { Description = "JSON file for the figures", Required = true };

    public LabelledImagesOptions(string imagesDescription, string labelsDescription)
    {
        _images = new Option<string>("--images") { Description = imagesDescription, Required = true };
        _labels = new Option<string>("--labels") { Description = labelsDescription, Required = true };
    }

    public Command AddTo(Command command)
    {
        command.Options.Add(_images);
        command.Options.Add(_labels);
        command.Options.Add(_detector);
        command.Options.Add(_json);
        return command;
    }

    /// <summary>Checks the paths before any model is loaded; refusals are <see cref="CommandInputException"/>s.</summary>
    public LabelledImagesInput Resolve(ParseResult parse)
    {
        var imageFolder = CommandPaths.ExistingFolder(parse.GetValue(_images), "--images");
        var labelFolder = CommandPaths.ExistingFolder(parse.GetValue(_labels), "--labels");
        var jsonPath = CommandPaths.OutputFile(parse.GetValue(_json), "--json");
        return new LabelledImagesInput(CommandPaths.Images(imageFolder, "--images"), labelFolder, jsonPath, parse.GetValue(_detector));
    }
}

/// <summary>Resolved <see cref="LabelledImagesOptions"/>: the images, the label folder, the JSON path and the detector option.</summary>
internal sealed record LabelledImagesInput(IReadOnlyList<LabelledImage> Files, string LabelFolder, string JsonPath, string? Detector);
