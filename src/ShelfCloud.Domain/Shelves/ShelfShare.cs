namespace ShelfCloud.Domain.Shelves;

/// <summary>One key's share of shelf.</summary>
/// <param name="Key">The brand (or other key); for the Others bucket, the bucket's label.</param>
/// <param name="IsOthers">True for the bucket that collapses every key the viewer may not see.</param>
/// <param name="Facings">Number of products.</param>
/// <param name="FacingShare">Facings / all facings (0..1).</param>
/// <param name="LinearWidth">Sum of the products' box widths, in pixels.</param>
/// <param name="LinearShare">LinearWidth / all products' widths (0..1).</param>
public sealed record ShelfShare(
    string Key,
    bool IsOthers,
    int Facings,
    double FacingShare,
    double LinearWidth,
    double LinearShare);
