namespace ShelfCloud.Vision.Imaging;

/// <summary>The encoded image formats ShelfCloud accepts.</summary>
public enum ImageFormat
{
    /// <summary>JPEG (JFIF/EXIF).</summary>
    Jpeg,

    /// <summary>PNG.</summary>
    Png,

    /// <summary>WebP, lossy or lossless.</summary>
    Webp,
}
