using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Shelves;

/// <summary>An empty stretch of a shelf row where products should stand.</summary>
/// <param name="RowIndex">Index of the row in the list the finder was given.</param>
/// <param name="Box">The gap: between the neighbours horizontally, the row's typical band vertically.</param>
/// <param name="MissingFacings">Gap width in typical product widths: roughly how many facings are missing.</param>
public sealed record EmptyFacing(int RowIndex, BoundingBox Box, float MissingFacings);
