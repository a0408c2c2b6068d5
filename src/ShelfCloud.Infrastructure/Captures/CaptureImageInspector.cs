using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Infrastructure.Captures;

/// <summary>What an accepted upload is: its sniffed format and its upright size (EXIF orientation applied).</summary>
public readonly record struct InspectedImage(ImageFormat Format, int Width, int Height);

/// <summary>
/// Proves that uploaded bytes are an image the pipeline can process: a sniffed JPEG, PNG or WebP whose header
/// declares at most <see cref="IngestionOptions.MaxPixels"/> (checked before any pixel memory is allocated) and
/// which decodes completely. Refusals are <see cref="ImageRejectedException"/>s.
/// </summary>
public sealed class CaptureImageInspector
{
    private static readonly ImageDecoder Decoder = new(new ImageLimits
    {
        MaxPixels = IngestionOptions.MaxPixels,
        MaxEncodedBytes = IngestionOptions.MaxUploadBytes,
    });

    // A 100-megapixel decode holds ~0.8 GB (stored + upright copy): bound how many run at once, whatever the traffic.
    private readonly SemaphoreSlim _decodeSlots = new(Math.Max(1, Environment.ProcessorCount));

    public async Task<InspectedImage> InspectAsync(ReadOnlyMemory<byte> encoded, CancellationToken ct = default)
    {
        // A JPEG is verified by reading its header and walking its scans (see ImageDecoder.Verify): no pixels, no slot.
        if (ImageFormatSniffer.Sniff(encoded.Span) == ImageFormat.Jpeg)
            return Inspected(Decoder.Verify(encoded.Span));

        // The header check alone refuses non-images and pixel bombs without waiting for a decode slot.
        Decoder.ReadHeader(encoded.Span);
        await _decodeSlots.WaitAsync(ct);
        try
        {
            return Inspected(Decoder.Verify(encoded.Span));
        }
        finally
        {
            _decodeSlots.Release();
        }
    }

    private static InspectedImage Inspected(ImageHeader image) => new(image.Format, image.Width, image.Height);
}
