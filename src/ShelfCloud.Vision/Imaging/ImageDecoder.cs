using SkiaSharp;

namespace ShelfCloud.Vision.Imaging;

/// <summary>
/// Decodes JPEG, PNG and WebP images into upright RGBA bitmaps. The format is sniffed from the
/// content, the declared size is checked against <see cref="ImageLimits"/> before any pixel memory
/// is allocated, and every refusal is an <see cref="ImageRejectedException"/>.
/// </summary>
public sealed class ImageDecoder
{
    private readonly ImageLimits _limits;

    /// <summary>Creates a decoder with the default limits.</summary>
    public ImageDecoder()
        : this(new ImageLimits())
    {
    }

    /// <summary>Creates a decoder with the given limits.</summary>
    public ImageDecoder(ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>
    /// Reads format, upright size and orientation from the header only; throws
    /// <see cref="ImageRejectedException"/> for anything <see cref="Decode(ReadOnlySpan{byte})"/> would refuse
    /// before decoding pixels.
    /// </summary>
    public ImageHeader ReadHeader(ReadOnlySpan<byte> encoded)
    {
        var format = CheckHeader(encoded);
        using var data = SKData.CreateCopy(encoded);
        using var codec = CreateCodec(data, format);
        return HeaderOf(codec, format);
    }

    /// <summary>
    /// Proves that an image decodes without keeping its pixels, and returns its upright header: the checks of
    /// <see cref="Decode(ReadOnlySpan{byte})"/>, then, for a JPEG, a walk of its scans to the EOI marker
    /// and its tables (<see cref="JpegStructureCheck"/>: it refuses what a decode refuses, at a fraction of the CPU), and for PNG and
    /// WebP a decode at the smallest scale the codec offers. Truncated files are refused as truncated.
    /// </summary>
    public ImageHeader Verify(ReadOnlySpan<byte> encoded)
    {
        var format = CheckHeader(encoded);
        using var data = SKData.CreateCopy(encoded);
        using var codec = CreateCodec(data, format);
        var header = HeaderOf(codec, format);
        if (format == ImageFormat.Jpeg)
        {
            if (JpegStructureCheck.FindDefect(encoded) is { } defect)
                throw new ImageRejectedException(ImageRejectionReason.Undecodable, $"The {format} image {defect}.");
        }
        else if (format == ImageFormat.Png)
        {
            if (PngStructureCheck.FindDefect(encoded) is { } defect)
                throw new ImageRejectedException(ImageRejectionReason.Undecodable, $"The {format} image {defect}.");
        }
        else
        {
            using var pixels = DecodePixels(codec, format, codec.GetScaledDimensions(1 / 8f));
        }

        return header;
    }

    /// <summary>Decodes an image held in memory at full size.</summary>
    public DecodedImage Decode(ReadOnlySpan<byte> encoded) => Decode(encoded, maxSide: int.MaxValue);

    /// <summary>
    /// Decodes an image held in memory, scaled down while decoding when its longer side exceeds
    /// <paramref name="maxSide"/>, to at most <paramref name="maxSide"/>: a JPEG by libjpeg's DCT scaling (the largest
    /// M/8 scale that fits), a WebP by libwebp's scaler, a PNG decoded whole and shrunk (one large PNG at a time,
    /// process-wide), so a batch of 100-megapixel photos never holds 400 MB per photo. <see cref="DecodedImage.OriginalWidth"/> and <see cref="DecodedImage.OriginalHeight"/>
    /// keep the upright size of the file.
    /// </summary>
    public DecodedImage Decode(ReadOnlySpan<byte> encoded, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        var format = CheckHeader(encoded);
        using var data = SKData.CreateCopy(encoded);
        using var codec = CreateCodec(data, format);
        var header = HeaderOf(codec, format);

        var stored = DecodeScaled(codec, format, maxSide);
        try
        {
            var upright = ExifOrientation.ToUpright(stored, header.Origin);
            if (upright is null)
            {
                return new DecodedImage(stored, format, header.Origin, header.Width, header.Height);
            }

            stored.Dispose();
            return new DecodedImage(upright, format, header.Origin, header.Width, header.Height);
        }
        catch
        {
            stored.Dispose();
            throw;
        }
    }

    /// <summary>Reads the stream to its end (at most <see cref="ImageLimits.MaxEncodedBytes"/>) and decodes it.</summary>
    public DecodedImage Decode(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            AppendWithinLimit(buffer, chunk.AsSpan(0, read));
        }

        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads the stream asynchronously (at most <see cref="ImageLimits.MaxEncodedBytes"/>) and decodes it.</summary>
    public async Task<DecodedImage> DecodeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            AppendWithinLimit(buffer, chunk.AsSpan(0, read));
        }

        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private void AppendWithinLimit(MemoryStream buffer, ReadOnlySpan<byte> chunk)
    {
        if (buffer.Length + chunk.Length > _limits.MaxEncodedBytes)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.FileTooLarge,
                $"The image file is larger than the limit of {_limits.MaxEncodedBytes} bytes.");
        }

        buffer.Write(chunk);
    }

    private ImageFormat CheckHeader(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new ImageRejectedException(ImageRejectionReason.Empty, "The image is empty.");
        }

        if (encoded.Length > _limits.MaxEncodedBytes)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.FileTooLarge,
                $"The image file has {encoded.Length} bytes; the limit is {_limits.MaxEncodedBytes}.");
        }

        var format = ImageFormatSniffer.Sniff(encoded)
            ?? throw new ImageRejectedException(
                ImageRejectionReason.UnsupportedFormat,
                "The content is not a JPEG, PNG or WebP image.");

        if (!ImageHeaderReader.TryReadDimensions(encoded, format, out var width, out var height))
        {
            throw new ImageRejectedException(
                ImageRejectionReason.Undecodable,
                $"The {format} header is missing, truncated or corrupt.");
        }

        CheckPixelLimit(width, height);
        return format;
    }

    private void CheckPixelLimit(int width, int height)
    {
        if ((long)width * height > _limits.MaxPixels)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.TooLarge,
                $"The image declares {width}×{height} = {(long)width * height} pixels; the limit is {_limits.MaxPixels}.")
            {
                DeclaredWidth = width,
                DeclaredHeight = height,
            };
        }
    }

    private SKCodec CreateCodec(SKData data, ImageFormat format)
    {
        var codec = SKCodec.Create(data)
            ?? throw new ImageRejectedException(ImageRejectionReason.Undecodable, $"The {format} image cannot be read.");
        try
        {
            // Our header parser and Skia's must agree on the size; if they ever differ, Skia's is the one that allocates.
            CheckPixelLimit(codec.Info.Width, codec.Info.Height);
            return codec;
        }
        catch
        {
            codec.Dispose();
            throw;
        }
    }

    private static ImageHeader HeaderOf(SKCodec codec, ImageFormat format)
    {
        var origin = codec.EncodedOrigin;
        var (width, height) = ExifOrientation.SwapsDimensions(origin)
            ? (codec.Info.Height, codec.Info.Width)
            : (codec.Info.Width, codec.Info.Height);
        return new ImageHeader(format, width, height, origin);
    }

    private static SKBitmap DecodeScaled(SKCodec codec, ImageFormat format, int maxSide)
    {
        var longer = Math.Max(codec.Info.Width, codec.Info.Height);
        if (longer <= maxSide)
            return DecodePixels(codec, format);
        var factor = longer / (double)maxSide;
        if (format == ImageFormat.Png)
            return DecodeLargePngScaled(codec, factor);
        // libjpeg scales by M/8: the largest M/8 whose longer side stays within maxSide (at least 1/8).
        var scale = format == ImageFormat.Jpeg ? (float)Math.Max(1, Math.Floor(8.0 * maxSide / longer)) / 8 : (float)maxSide / longer;
        return DecodePixels(codec, format, codec.GetScaledDimensions(scale));
    }

    private static SKBitmap DecodePixels(SKCodec codec, ImageFormat format) => DecodePixels(codec, format, codec.Info.Size);

    /// <summary>
    /// PNG has no scaled decoding: it decodes whole, then shrinks. Full decodes of large PNGs take turns, process-wide,
    /// so a batch of them holds one full-size bitmap at a time instead of one per image.
    /// </summary>
    private static SKBitmap DecodeLargePngScaled(SKCodec codec, double factor)
    {
        LargePngDecodes.Wait();
        try
        {
            using var full = DecodePixels(codec, ImageFormat.Png);
            var size = new SKSizeI(Math.Max(1, (int)(full.Width / factor)), Math.Max(1, (int)(full.Height / factor)));
            return full.Resize(new SKImageInfo(size.Width, size.Height, full.ColorType, full.AlphaType), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
                ?? throw new ImageRejectedException(ImageRejectionReason.Undecodable, "The Png image could not be scaled.");
        }
        finally
        {
            LargePngDecodes.Release();
        }
    }

    private static readonly SemaphoreSlim LargePngDecodes = new(1);

    private static SKBitmap DecodePixels(SKCodec codec, ImageFormat format, SKSizeI size)
    {
        var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, alpha);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        var detail = result == SKCodecResult.IncompleteInput ? "is truncated" : $"cannot be decoded ({result})";
        throw new ImageRejectedException(ImageRejectionReason.Undecodable, $"The {format} image {detail}.");
    }
}
