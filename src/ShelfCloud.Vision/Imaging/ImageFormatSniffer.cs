namespace ShelfCloud.Vision.Imaging;

/// <summary>Tells an image's format from its first bytes; file names and content types are never trusted.</summary>
public static class ImageFormatSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Riff => "RIFF"u8;
    private static ReadOnlySpan<byte> Webp => "WEBP"u8;

    /// <summary>The number of leading bytes <see cref="Sniff"/> needs to recognise every supported format.</summary>
    public const int BytesNeeded = 12;

    /// <summary>Returns the format whose signature <paramref name="encoded"/> starts with, or null for anything else.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> encoded)
    {
        if (encoded.StartsWith(JpegSignature))
        {
            return ImageFormat.Jpeg;
        }

        if (encoded.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }

        if (encoded.Length >= BytesNeeded && encoded.StartsWith(Riff) && encoded.Slice(8, 4).SequenceEqual(Webp))
        {
            return ImageFormat.Webp;
        }

        return null;
    }
}
