namespace ShelfCloud.Infrastructure.Captures;

/// <summary>Capture upload settings (<c>Ingestion:*</c>): the per-camera rate limit. The size limits are fixed by the API contract.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>The largest upload: 25 MB (MiB) of image bytes.</summary>
    public const long MaxUploadBytes = 25L * 1024 * 1024;

    /// <summary>The largest image: 100 megapixels, checked from the header before decoding.</summary>
    public const long MaxPixels = 100_000_000;

    /// <summary>Uploads a camera may make per window (a token bucket that refills this many every window).</summary>
    public int PermitsPerWindow { get; set; } = 10;

    public int WindowSeconds { get; set; } = 10;
}
