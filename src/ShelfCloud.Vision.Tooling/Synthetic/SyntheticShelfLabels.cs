using System.Text.Json;
using System.Text.Json.Serialization;
using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>A labelled product of a synthetic shelf photo: its box in pixels and its SKU code.</summary>
/// <param name="InCatalog">False for a product outside the catalog: the right answer for it is unknown.</param>
public sealed record LabelledProduct(BoundingBox Box, string Sku, bool InCatalog = true);

/// <summary>
/// The ground truth that <see cref="SyntheticDatasetWriter"/> writes beside each shelf photo
/// (<c>shelves/meta/&lt;stem&gt;.json</c>): which shelf, when, and every product with its SKU.
/// </summary>
public sealed record SyntheticShelfLabels(string ImagePath, string Shelf, DateTimeOffset TakenAt, IReadOnlyList<LabelledProduct> Products)
{
    /// <summary>Every photo of a dataset folder (the output of <c>synth</c>), ordered by shelf, then time.</summary>
    /// <exception cref="InvalidDataException">A metadata file is not what the writer produces, or names a missing image.</exception>
    public static IReadOnlyList<SyntheticShelfLabels> ReadDataset(string datasetFolder)
    {
        var meta = Path.Combine(datasetFolder, "shelves", "meta");
        if (!Directory.Exists(meta))
            throw new InvalidDataException($"'{datasetFolder}' has no shelves/meta folder: it is not the output of `shelfcloud synth`.");
        return Directory.EnumerateFiles(meta, "*.json")
            .Select(file => Read(file, Path.Combine(datasetFolder, "shelves", "images")))
            .OrderBy(labels => labels.Shelf, StringComparer.Ordinal)
            .ThenBy(labels => labels.TakenAt)
            .ToList();
    }

    private static SyntheticShelfLabels Read(string metaFile, string imageFolder)
    {
        MetaFile? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<MetaFile>(File.ReadAllText(metaFile));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{metaFile}: not valid shelf metadata ({e.Message}).", e);
        }

        if (parsed?.Image is null || parsed.Shelf is null || parsed.Products is null)
            throw new InvalidDataException($"{metaFile}: image, shelf and products are required.");
        var image = Path.Combine(imageFolder, parsed.Image);
        if (!File.Exists(image))
            throw new InvalidDataException($"{metaFile}: its image '{image}' does not exist.");
        var products = parsed.Products.Select(p => p.Box is { Length: 4 } b && p.Sku is not null
                ? new LabelledProduct(new BoundingBox(b[0], b[1], b[2], b[3]), p.Sku, p.InCatalog ?? true)
                : throw new InvalidDataException($"{metaFile}: every product needs a box of four numbers and a sku."))
            .ToList();
        return new SyntheticShelfLabels(image, parsed.Shelf, parsed.TakenAt, products);
    }

    private sealed record MetaFile(
        [property: JsonPropertyName("image")] string? Image,
        [property: JsonPropertyName("shelf")] string? Shelf,
        [property: JsonPropertyName("taken_at")] DateTimeOffset TakenAt,
        [property: JsonPropertyName("products")] IReadOnlyList<MetaProduct>? Products);

    private sealed record MetaProduct(
        [property: JsonPropertyName("box")] float[]? Box,
        [property: JsonPropertyName("sku")] string? Sku,
        [property: JsonPropertyName("in_catalog")] bool? InCatalog);
}
