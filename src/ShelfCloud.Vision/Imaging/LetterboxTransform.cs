using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Vision.Imaging;

/// <summary>
/// How a source image was placed in a letterboxed canvas: scaled by <see cref="ScaleX"/>/<see cref="ScaleY"/>
/// (equal up to rounding of the resized size) and shifted by the padding. Maps boxes both ways.
/// </summary>
/// <param name="ScaleX">Resized width divided by source width.</param>
/// <param name="ScaleY">Resized height divided by source height.</param>
/// <param name="PadX">Columns of padding left of the image.</param>
/// <param name="PadY">Rows of padding above the image.</param>
/// <param name="SourceWidth">The source image's width.</param>
/// <param name="SourceHeight">The source image's height.</param>
public readonly record struct LetterboxTransform(float ScaleX, float ScaleY, int PadX, int PadY, int SourceWidth, int SourceHeight)
{
    /// <summary>Maps a box in source pixels to letterboxed-canvas pixels.</summary>
    public BoundingBox ToLetterbox(BoundingBox source) => new(
        source.X1 * ScaleX + PadX,
        source.Y1 * ScaleY + PadY,
        source.X2 * ScaleX + PadX,
        source.Y2 * ScaleY + PadY);

    /// <summary>Maps a box in letterboxed-canvas pixels back to source pixels, clamped to the source image.</summary>
    public BoundingBox ToSource(BoundingBox letterboxed) => new(
        Math.Clamp((letterboxed.X1 - PadX) / ScaleX, 0, SourceWidth),
        Math.Clamp((letterboxed.Y1 - PadY) / ScaleY, 0, SourceHeight),
        Math.Clamp((letterboxed.X2 - PadX) / ScaleX, 0, SourceWidth),
        Math.Clamp((letterboxed.Y2 - PadY) / ScaleY, 0, SourceHeight));
}
