using System.Text;

namespace ShelfCloud.Infrastructure.Catalog;

/// <summary>
/// A catalog file's bytes turned into text, with a warning when the encoding had to be guessed. UTF-8 (with or without
/// a byte-order mark) and UTF-16 with a byte-order mark are read as they are; bytes that are not valid UTF-8 are read
/// as Windows-1252 (Latin-1 plus the typographic characters Excel writes), the encoding spreadsheet programs in Western
/// Europe save "CSV" in, and the preview says so instead of turning "Café" into "Caf\uFFFD" silently.
/// </summary>
public sealed record CatalogText(string Content, string? Warning)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static CatalogText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static CatalogText FromString(string content) => new(content, null);

    public static CatalogText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        else if (bytes.StartsWith(Encoding.Unicode.Preamble))
            return new(Encoding.Unicode.GetString(bytes[2..]), null);
        else if (bytes.StartsWith(Encoding.BigEndianUnicode.Preamble))
            return new(Encoding.BigEndianUnicode.GetString(bytes[2..]), null);

        try
        {
            return new(StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            return new(Encoding.GetEncoding(1252).GetString(bytes),
                "The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check accented names in the preview, " +
                "or save the file as \"CSV UTF-8\" and import it again.");
        }
    }
}
