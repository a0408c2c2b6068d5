namespace ShelfCloud.Domain.Shelves;

/// <summary>
/// Facings already summed for one key (over a capture, a day, a period): what share of shelf is computed from when
/// the individual boxes were aggregated away.
/// </summary>
/// <param name="Key">The brand (or other key).</param>
/// <param name="Facings">Number of products.</param>
/// <param name="LinearWidth">Sum of their box widths, in pixels.</param>
public sealed record ShelfFacingTotal(string Key, long Facings, double LinearWidth);
