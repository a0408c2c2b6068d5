using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Shelves;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>
/// How well the product's shelf-row analysis (<see cref="ShelfRowAnalyzer"/> over detected products) recovers labelled
/// shelf rows. A labelled row is recovered when a found row overlaps it vertically at IoU ≥ <see cref="MinVerticalIoU"/>
/// (its top and bottom are about right) and spans at least <see cref="MinWidthCovered"/> of its width. Labels may name
/// only some rows of a photo, so found rows without a label are counted but never held against the analysis.
/// </summary>
public sealed class ShelfRowEvaluator
{
    public const float MinVerticalIoU = 0.5f;
    public const float MinWidthCovered = 0.5f;

    private readonly ShelfRowAnalyzer _analyzer = new();
    private int _images;
    private int _labelled;
    private int _recovered;
    private int _found;
    private int _products;

    /// <summary>Adds one photo: its labelled rows and the product boxes detected on it.</summary>
    /// <returns>The rows the analysis found, for drawing.</returns>
    public IReadOnlyList<ShelfRow<BoundingBox>> Add(IReadOnlyList<BoundingBox> labelledRows, IReadOnlyList<BoundingBox> products)
    {
        ArgumentNullException.ThrowIfNull(labelledRows);
        ArgumentNullException.ThrowIfNull(products);
        var rows = _analyzer.GroupIntoRows(products);
        _images++;
        _labelled += labelledRows.Count;
        _recovered += labelledRows.Count(label => rows.Any(row => Recovers(row, label)));
        _found += rows.Count;
        _products += products.Count;
        return rows;
    }

    public ShelfRowReport Report() => new(
        _images, _labelled, _recovered, _labelled == 0 ? 0 : (double)_recovered / _labelled,
        _images == 0 ? 0 : (double)_found / _images, _images == 0 ? 0 : (double)_products / _images);

    /// <summary>Whether <paramref name="row"/> stands for the labelled row <paramref name="label"/>.</summary>
    public static bool Recovers(ShelfRow<BoundingBox> row, BoundingBox label)
    {
        ArgumentNullException.ThrowIfNull(row);
        var overlap = Math.Min(row.Bottom, label.Y2) - Math.Max(row.Top, label.Y1);
        var union = Math.Max(row.Bottom, label.Y2) - Math.Min(row.Top, label.Y1);
        var verticalIoU = overlap <= 0 || union <= 0 ? 0 : overlap / union;
        var covered = Math.Min(row.Right, label.X2) - Math.Max(row.Left, label.X1);
        return verticalIoU >= MinVerticalIoU && label.Width > 0 && covered / label.Width >= MinWidthCovered;
    }
}

/// <summary>Labelled shelf rows recovered by the shelf-row analysis (see <see cref="ShelfRowEvaluator"/>).</summary>
public sealed record ShelfRowReport(int Images, int LabelledRows, int RecoveredRows, double Recovered, double RowsFoundPerImage, double ProductsPerImage);
