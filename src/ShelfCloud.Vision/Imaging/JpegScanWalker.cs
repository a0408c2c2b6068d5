using System.Buffers.Binary;

namespace ShelfCloud.Vision.Imaging;

/// <summary>
/// Walks a JPEG's marker segments and entropy-coded scans from SOI to EOI without decoding them, to tell whether the
/// file is complete.
/// <para>
/// Why this is enough for an upload check: the decoder behind <see cref="ImageDecoder"/> (Skia's libjpeg-turbo)
/// treats damaged entropy-coded data as a warning: bytes overwritten in the middle, a third of the scan cut out, or a
/// file cut short that still ends in an EOI marker all decode, with grey or garbled blocks. What it refuses, once
/// the header has been read, is data that ends before the scans reach EOI. That is exactly what this walk detects, in
/// a vectorised search for 0xFF bytes instead of a Huffman decode of every block (≈ 3 ms of CPU for a 320 KB photo,
/// 40 % of an upload's cost; tests pin the two to the same verdicts). For progressive JPEGs the walk is stricter: Skia
/// decodes a progressive file cut short into a partial, blurred image, and the walk refuses it as truncated.
/// </para>
/// </summary>
public static class JpegScanWalker
{
    private const byte Prefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;
    private const byte Temporary = 0x01;

    /// <summary>True when the markers and scans run from SOI to an EOI marker inside <paramref name="jpeg"/>.</summary>
    public static bool ReachesEndOfImage(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != Prefix || jpeg[1] != StartOfImage)
            return false;

        var position = 2;
        while (true)
        {
            // As libjpeg does, skip stray bytes before a marker.
            if (!TryFindMarker(jpeg, position, out _, out var codeAt))
                return false;
            var marker = jpeg[codeAt];
            position = codeAt + 1;
            if (marker == EndOfImage)
                return true;
            if (IsStandalone(marker))
                continue;

            if (position + 2 > jpeg.Length)
                return false;
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2 || position + length > jpeg.Length)
                return false;
            position += length;
            if (marker == StartOfScan && !SkipEntropyCodedData(jpeg, ref position))
                return false;
        }
    }

    /// <summary>Moves past a scan's entropy-coded data to the marker that ends it; false when the data runs out first.</summary>
    private static bool SkipEntropyCodedData(ReadOnlySpan<byte> jpeg, ref int position)
    {
        while (TryFindMarker(jpeg, position, out var prefixAt, out var codeAt))
        {
            var code = jpeg[codeAt];
            // 0xFF00 is a stuffed data byte and RST0–7 separate restart intervals: both belong to the scan.
            if (code == 0x00 || code is >= 0xD0 and <= 0xD7)
            {
                position = codeAt + 1;
                continue;
            }

            position = prefixAt;
            return true;
        }

        return false;
    }

    /// <summary>The next 0xFF at or after <paramref name="from"/> and the code byte after it (0xFF fill bytes skipped).</summary>
    private static bool TryFindMarker(ReadOnlySpan<byte> jpeg, int from, out int prefixAt, out int codeAt)
    {
        codeAt = -1;
        var next = jpeg[from..].IndexOf(Prefix);
        prefixAt = from + next;
        if (next < 0)
            return false;
        codeAt = prefixAt + 1;
        while (codeAt < jpeg.Length && jpeg[codeAt] == Prefix)
            codeAt++;
        return codeAt < jpeg.Length;
    }

    private static bool IsStandalone(byte marker) => marker is StartOfImage or Temporary or >= 0xD0 and <= 0xD7;
}
