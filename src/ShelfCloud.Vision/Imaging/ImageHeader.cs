using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>What an encoded image's header says, with <see cref="Width"/> and <see cref="Height"/> already upright.</summary>
/// <param name="Format">The sniffed format.</param>
/// <param name="Width">The width once EXIF orientation is applied.</param>
/// <param name="Height">The height once EXIF orientation is applied.</param>
/// <param name="Origin">The EXIF orientation stored in the file.</param>
public readonly record struct ImageHeader(ImageFormat Format, int Width, int Height, SKEncodedOrigin Origin)
{
    /// <summary>The number of pixels the decoded image will have.</summary>
    public long Pixels => (long)Width * Height;
}
