using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Shelves;

/// <summary>One recognised product on a shelf, labelled with the key shares are counted by (brand, manufacturer, SKU…).</summary>
public sealed record ShelfFacing(string Key, BoundingBox Box);
