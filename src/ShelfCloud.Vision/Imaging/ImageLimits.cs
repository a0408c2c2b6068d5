namespace ShelfCloud.Vision.Imaging;

/// <summary>Limits an encoded image must respect before ShelfCloud decodes it.</summary>
public sealed class ImageLimits
{
    /// <summary>The largest decoded size in pixels (width × height); default 100 megapixels.</summary>
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>The largest encoded size in bytes; default 128 MiB.</summary>
    public long MaxEncodedBytes { get; set; } = 128L * 1024 * 1024;
}
