using System.Buffers.Binary;

namespace ShelfCloud.Vision.Imaging;

/// <summary>
/// Walks a PNG's chunks without inflating them: IHDR first, every chunk inside the file, at least one IDAT, and an
/// IEND that ends the chunk sequence. libpng decodes a file whose IEND is missing or whose last chunk claims more
/// bytes than the file has as long as the pixel data is complete; both are files cut short or forged, and an upload
/// that is cut short is refused as such, in microseconds, before any decode.
/// </summary>
public static class PngStructureCheck
{
    private const int SignatureLength = 8;
    private const int ChunkOverhead = 12; // length, type, CRC

    /// <summary>Null when the chunk sequence is sound; otherwise what is wrong, phrased to follow "The Png image ".</summary>
    public static string? FindDefect(ReadOnlySpan<byte> png)
    {
        var position = SignatureLength;
        var sawImageData = false;
        while (position + ChunkOverhead <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            var type = png.Slice(position + 4, 4);
            if (position == SignatureLength && !type.SequenceEqual("IHDR"u8))
                return "does not start with an IHDR chunk";
            if (length > (uint)(png.Length - position - ChunkOverhead))
                return "is truncated";
            if (type.SequenceEqual("IDAT"u8))
                sawImageData = true;
            if (type.SequenceEqual("IEND"u8))
                return sawImageData ? null : "has no image data";
            position += ChunkOverhead + (int)length;
        }

        return "is truncated";
    }
}
