using System.Globalization;
using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Vision.Tooling.Datasets;

/// <summary>
/// Reads YOLO (Ultralytics) detection labels: one <c>class cx cy w h</c> line per box, coordinates normalised
/// to the image's width and height. Extra columns (segments, keypoints) are ignored.
/// </summary>
public static class YoloLabelReader
{
    /// <summary>
    /// The label file of an image: <c>labels/&lt;same sub-folders&gt;/&lt;stem&gt;.txt</c>, as Ultralytics pairs
    /// images/ and labels/ trees.
    /// </summary>
    public static string LabelPathFor(LabelledImage image, string labelsRoot)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Path.Combine(labelsRoot, Path.ChangeExtension(image.RelativePath, ".txt"));
    }

    /// <summary>Parses label text into pixel boxes of an image of <paramref name="width"/>×<paramref name="height"/>.</summary>
    /// <exception cref="InvalidDataException">A line is not <c>class cx cy w h</c>.</exception>
    public static IReadOnlyList<LabelledBox> Parse(string text, int width, int height, string source = "labels")
    {
        ArgumentNullException.ThrowIfNull(text);
        var boxes = new List<LabelledBox>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length < 5
                || !int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var classId)
                || classId < 0
                || !TryParse(fields[1], out var cx) || !TryParse(fields[2], out var cy)
                || !TryParse(fields[3], out var w) || !TryParse(fields[4], out var h))
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: expected 'class cx cy w h' (normalised), got '{line.Trim()}'.");
            }

            boxes.Add(new LabelledBox(
                classId,
                new BoundingBox((cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height)));
        }

        return boxes;
    }

    private static bool TryParse(string field, out float value) =>
        float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
}
