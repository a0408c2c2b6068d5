using ShelfCloud.Domain.Catalog;
using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>A generated SKU: catalog attributes plus how to draw it. Variants of one brand differ only in label details.</summary>
public sealed record SyntheticSku(
    string Code,
    string Gtin,
    string Name,
    string Brand,
    string Manufacturer,
    string Category,
    string Size,
    string Flavor,
    ProductShape Shape,
    SKColor BodyColor,
    SKColor LabelColor,
    SKColor AccentColor,
    int Pattern,
    float SizeScale);
