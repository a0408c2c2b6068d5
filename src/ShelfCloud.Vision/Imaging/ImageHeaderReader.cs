using System.Buffers.Binary;

namespace ShelfCloud.Vision.Imaging;

/// <summary>
/// Reads the stored width and height from an encoded image's header without decoding it, so an
/// oversized image is refused before any pixel memory is allocated (a 60000×60000 PNG is a few
/// hundred bytes on the wire and 14 GB once decoded).
/// </summary>
public static class ImageHeaderReader
{
    /// <summary>
    /// Reads the dimensions as stored in the file (before EXIF orientation is applied).
    /// Returns false when the header is missing, truncated or malformed.
    /// </summary>
    public static bool TryReadDimensions(ReadOnlySpan<byte> encoded, ImageFormat format, out int width, out int height)
    {
        var found = format switch
        {
            ImageFormat.Png => TryReadPng(encoded, out width, out height),
            ImageFormat.Jpeg => TryReadJpeg(encoded, out width, out height),
            ImageFormat.Webp => TryReadWebp(encoded, out width, out height),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
        };
        if (found && width > 0 && height > 0)
        {
            return true;
        }

        width = height = 0;
        return false;
    }

    private static bool TryReadPng(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4): IHDR must come first.
        if (data.Length < 24 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        var w = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        var h = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        if (w > int.MaxValue || h > int.MaxValue)
        {
            return false;
        }

        width = (int)w;
        height = (int)h;
        return true;
    }

    private static bool TryReadJpeg(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF)
            {
                return false;
            }

            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte before a marker
                continue;
            }

            position += 2;
            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD8)
            {
                continue; // markers without a length field
            }

            if (marker is 0xD9 or 0xDA)
            {
                return false; // end of image or start of scan before any frame header
            }

            if (position + 2 > data.Length)
            {
                return false;
            }

            var segmentLength = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (segmentLength < 2)
            {
                return false;
            }

            if (IsStartOfFrame(marker))
            {
                // Length (2), precision (1), height (2), width (2).
                if (position + 7 > data.Length)
                {
                    return false;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 3)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]);
                return true;
            }

            position += segmentLength;
        }

        return false;
    }

    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static bool TryReadWebp(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        if (data.Length < 30)
        {
            return false;
        }

        var chunk = data.Slice(12, 4);
        var payload = data[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3), start code 9D 01 2A, then 14-bit width and height.
            if (payload[3] != 0x9D || payload[4] != 0x01 || payload[5] != 0x2A)
            {
                return false;
            }

            width = BinaryPrimitives.ReadUInt16LittleEndian(payload[6..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]) & 0x3FFF;
            return true;
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (payload[0] != 0x2F)
            {
                return false;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(payload[1..]);
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
            return true;
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags (1), reserved (3), then 24-bit canvas width - 1 and height - 1.
            width = ReadUInt24LittleEndian(payload[4..]) + 1;
            height = ReadUInt24LittleEndian(payload[7..]) + 1;
            return true;
        }

        return false;
    }

    private static int ReadUInt24LittleEndian(ReadOnlySpan<byte> data) => data[0] | (data[1] << 8) | (data[2] << 16);
}
