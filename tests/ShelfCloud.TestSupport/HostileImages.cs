using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace ShelfCloud.TestSupport;

/// <summary>One broken or hostile upload of the corpus: a name saying what was done to it, and its bytes.</summary>
public sealed record HostileImage(string Name, byte[] Bytes)
{
    public override string ToString() => Name;
}

/// <summary>
/// A corpus of broken and hostile images made from small valid ones: every JPEG marker segment damaged in the ways
/// decoders refuse (missing, oversubscribed or undefined tables, unsupported coding processes and precisions, corrupt
/// frame and scan headers, progressive files missing scans), PNG and WebP files damaged chunk by chunk (CRC, length,
/// header fields, zlib stream, filter bytes), truncations at many points, pixel bombs, and other formats sent as
/// images. Every entry must be refused by the upload check; what a decode does with each is the tests' business.
/// </summary>
public static class HostileImages
{
    public static IReadOnlyList<HostileImage> All() => [.. Jpegs(), .. Pngs(), .. Webps(), .. NotImages()];

    public static IEnumerable<HostileImage> Jpegs()
    {
        var sources = new Dictionary<string, byte[]>
        {
            ["baseline"] = TestImages.Encode(TestImages.Noise(96, 64, seed: 3), SKEncodedImageFormat.Jpeg),
            ["progressive"] = Asset("progressive.jpg"),
            ["restart"] = Asset("restart-markers.jpg"),
        };
        foreach (var (source, jpeg) in sources)
        {
            foreach (var percent in new[] { 1, 5, 20, 40, 60, 80, 95, 99 })
                yield return new($"jpeg {source} cut at {percent} %", jpeg[..(jpeg.Length * percent / 100)]);
            yield return new($"jpeg {source} without end-of-image marker", jpeg[..^2]);
            yield return new($"jpeg {source} without quantisation tables", WithoutSegments(jpeg, 0xDB));
            yield return new($"jpeg {source} without Huffman tables", WithoutSegments(jpeg, 0xC4));
            yield return new($"jpeg {source} oversubscribed Huffman table", EditSegment(jpeg, 0xC4, s => s[3] = 3));
            yield return new($"jpeg {source} DC Huffman symbol 200", EditSegment(jpeg, 0xC4, s => s[2 + 1 + 16] = 200));
            yield return new($"jpeg {source} Huffman table class 5", EditSegment(jpeg, 0xC4, s => s[2] = 0x50));
            yield return new($"jpeg {source} quantisation table precision 3", EditSegment(jpeg, 0xDB, s => s[2] = 0x30));
            yield return new($"jpeg {source} scan names Huffman tables 3", EditSegment(jpeg, 0xDA, s => s[4] = 0x33));
            yield return new($"jpeg {source} scan of an undeclared component", EditSegment(jpeg, 0xDA, s => s[3] = 0x7E));
            yield return new($"jpeg {source} scan header with 9 components", EditSegment(jpeg, 0xDA, s => s[2] = 9));
            yield return new($"jpeg {source} scan header length too long", EditSegment(jpeg, 0xDA, s => BinaryPrimitives.WriteUInt16BigEndian(s, 0xFFF0)));
            yield return new($"jpeg {source} 12-bit samples", EditFrame(jpeg, s => s[2] = 12));
            yield return new($"jpeg {source} 16-bit samples", EditFrame(jpeg, s => s[2] = 16));
            yield return new($"jpeg {source} frame without components", EditFrame(jpeg, s => s[7] = 0));
            yield return new($"jpeg {source} sampling factor 0", EditFrame(jpeg, s => s[9] = 0x01));
            yield return new($"jpeg {source} component uses quantisation table 3", EditFrame(jpeg, s => s[10] = 3));
            yield return new($"jpeg {source} zero width", EditFrame(jpeg, s => BinaryPrimitives.WriteUInt16BigEndian(s[5..], 0)));
            yield return new($"jpeg {source} zero height", EditFrame(jpeg, s => BinaryPrimitives.WriteUInt16BigEndian(s[3..], 0)));
            yield return new($"jpeg {source} two frame headers", WithSecondFrame(jpeg));
            yield return new($"jpeg {source} without frame header", WithoutSegments(jpeg, FrameMarker(jpeg)));
            foreach (var marker in new byte[] { 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF })
                yield return new($"jpeg {source} frame marker {marker:X2}", WithFrameMarker(jpeg, marker));
        }

        var progressive = sources["progressive"];
        var scans = SegmentsOf(progressive).Where(s => s.Marker == 0xDA).ToList();
        for (var i = 1; i < scans.Count; i++)
            yield return new($"jpeg progressive cut after scan {i} of {scans.Count} with end-of-image marker", [.. progressive[..scans[i].At], 0xFF, 0xD9]);
        yield return new("jpeg progressive DC scan that also codes AC", EditSegment(progressive, 0xDA, s => s[^2] = 5));
        yield return new("jpeg 100 000 x 100 000 declared", TestImages.WithJpegFrameSize(sources["baseline"], 50_000, 50_000));
        yield return new("jpeg start-of-image marker only", [0xFF, 0xD8]);
        yield return new("jpeg markers without frame", [0xFF, 0xD8, 0xFF, 0xD9]);
    }

    public static IEnumerable<HostileImage> Pngs()
    {
        var png = TestImages.Png(TestImages.Noise(48, 32, seed: 5));
        foreach (var percent in new[] { 1, 10, 30, 50, 70, 90, 99 })
            yield return new($"png cut at {percent} %", png[..(png.Length * percent / 100)]);
        yield return new("png without IEND", png[..^12]);
        yield return new("png without IDAT", PngWithoutChunk(png, "IDAT"));
        yield return new("png IHDR CRC wrong", EditPngChunk(png, "IHDR", (data, crc) => crc[0] ^= 0x55));
        yield return new("png IDAT CRC wrong", EditPngChunk(png, "IDAT", (data, crc) => crc[1] ^= 0x55));
        yield return new("png IDAT data flipped", EditPngChunk(png, "IDAT", (data, crc) => data[data.Length / 2] ^= 0xFF, fixCrc: true));
        yield return new("png IDAT length beyond the file", EditPngLength(png, "IDAT", 0x7FFF_0000));
        yield return new("png bit depth 3", EditPngChunk(png, "IHDR", (data, crc) => data[8] = 3, fixCrc: true));
        yield return new("png colour type 5", EditPngChunk(png, "IHDR", (data, crc) => data[9] = 5, fixCrc: true));
        yield return new("png compression method 1", EditPngChunk(png, "IHDR", (data, crc) => data[10] = 1, fixCrc: true));
        yield return new("png filter method 1", EditPngChunk(png, "IHDR", (data, crc) => data[11] = 1, fixCrc: true));
        yield return new("png interlace method 2", EditPngChunk(png, "IHDR", (data, crc) => data[12] = 2, fixCrc: true));
        yield return new("png zero width", EditPngChunk(png, "IHDR", (data, crc) => BinaryPrimitives.WriteUInt32BigEndian(data, 0), fixCrc: true));
        yield return new("png signature damaged", [.. png[..4], 0x00, .. png[5..]]);
        yield return new("png IHDR not first", PngFromChunks(("tEXt", "k\0v"u8.ToArray()), ("IHDR", Ihdr(8, 8, 8, 2)), ("IDAT", Zlib(Scanlines(8, 8, 3, filter: 0))), ("IEND", [])));
        yield return new("png scanline filter type 9", PngFromChunks(("IHDR", Ihdr(8, 8, 8, 2)), ("IDAT", Zlib(Scanlines(8, 8, 3, filter: 9))), ("IEND", [])));
        yield return new("png half of its scanlines", PngFromChunks(("IHDR", Ihdr(8, 8, 8, 2)), ("IDAT", Zlib(Scanlines(8, 4, 3, filter: 0))), ("IEND", [])));
        yield return new("png IDAT not zlib", PngFromChunks(("IHDR", Ihdr(8, 8, 8, 2)), ("IDAT", Encoding.ASCII.GetBytes("plain text, not deflate")), ("IEND", [])));
        yield return new("png palette image without palette", PngFromChunks(("IHDR", Ihdr(8, 8, 8, 3)), ("IDAT", Zlib(Scanlines(8, 8, 1, filter: 0))), ("IEND", [])));
        // Within the pixel limit, but its 12 KB of deflated rows hold a tenth of them: refused once the stream runs dry.
        yield return new("png 10000 x 10000 declared with 12 KB of data", PngFromChunks(("IHDR", Ihdr(10_000, 10_000, 8, 2)), ("IDAT", Zlib(Scanlines(10_000, 400, 3, filter: 0))), ("IEND", [])));
        yield return new("png 100 000 x 100 000 bomb", PngFromChunks(("IHDR", Ihdr(100_000, 100_000, 8, 0)), ("IDAT", Zlib(new byte[4096])), ("IEND", [])));
        yield return new("png 60000 x 60000 header only", TestImages.PngHeaderOnly(60000, 60000));
    }

    public static IEnumerable<HostileImage> Webps()
    {
        var lossy = TestImages.Encode(TestImages.Noise(48, 32, seed: 7), SKEncodedImageFormat.Webp, 80);
        var lossless = TestImages.Encode(TestImages.Noise(48, 32, seed: 8), SKEncodedImageFormat.Webp, 100);
        foreach (var (kind, webp) in new[] { ("lossy", lossy), ("lossless", lossless) })
        {
            foreach (var percent in new[] { 10, 40, 70, 95 })
                yield return new($"webp {kind} cut at {percent} %", webp[..(webp.Length * percent / 100)]);
            yield return new($"webp {kind} chunk size beyond the file", Edit(webp, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 0x7FFF_FFF0)));
            yield return new($"webp {kind} bitstream zeroed", Edit(webp, b => Array.Clear(b, 24, b.Length - 24)));
            yield return new($"webp {kind} not WEBP after RIFF", Edit(webp, b => b[8] = (byte)'X'));
        }

        yield return new("webp lossy start code damaged", Edit(lossy, b => b[23] = 0x00));
        yield return new("webp lossless signature damaged", Edit(lossless, b => b[20] = 0x00));
        yield return new("webp VP8X without an image", Riff("VP8X", [0, 0, 0, 0, 47, 0, 0, 31, 0, 0]));
        yield return new("webp unknown chunk only", Riff("ABCD", new byte[32]));
        yield return new("webp 16383 x 16383 declared", Riff("VP8X", [0, 0, 0, 0, 0xFE, 0x3F, 0, 0xFE, 0x3F, 0]));
    }

    public static IEnumerable<HostileImage> NotImages()
    {
        yield return new("empty", []);
        yield return new("one byte", [0xFF]);
        yield return new("gif", Encoding.ASCII.GetBytes("GIF89a\x01\0\x01\0\0\0\0;"));
        yield return new("bmp", [(byte)'B', (byte)'M', .. new byte[60]]);
        yield return new("tiff", [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, .. new byte[32]]);
        yield return new("heic", [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8]);
        yield return new("svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>"u8.ToArray());
        yield return new("html", "<html><script>alert(1)</script></html>"u8.ToArray());
        yield return new("pdf", "%PDF-1.7\n%\xE2\xE3\n1 0 obj"u8.ToArray());
        yield return new("zip", [0x50, 0x4B, 0x03, 0x04, .. new byte[40]]);
        yield return new("elf", [0x7F, (byte)'E', (byte)'L', (byte)'F', .. new byte[60]]);
        yield return new("jpeg magic then text", [0xFF, 0xD8, 0xFF, .. "not really a jpeg"u8]);
        yield return new("png signature only", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        yield return new("riff wave", [.. "RIFF"u8, 36, 0, 0, 0, .. "WAVEfmt "u8, .. new byte[28]]);
        yield return new("utf-16 text", Encoding.Unicode.GetBytes("\uFEFFshelf photo"));
    }

    /// <summary>A valid PNG of any colour type, bit depth and interlacing (all-zero pixels; a palette where needed).</summary>
    public static byte[] ValidPng(int width, int height, byte depth, byte colourType, bool interlaced)
    {
        var channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        var ihdr = Ihdr(width, height, depth, colourType);
        ihdr[12] = (byte)(interlaced ? 1 : 0);
        (int X, int Y, int Dx, int Dy)[] passes = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)];
        var size = 0;
        foreach (var (x, y, dx, dy) in passes)
        {
            int columns = (width - x + dx - 1) / dx, rows = (height - y + dy - 1) / dy;
            if (columns > 0 && rows > 0)
                size += rows * (1 + (columns * channels * depth + 7) / 8);
        }

        var chunks = new List<(string, byte[])> { ("IHDR", ihdr) };
        if (colourType == 3)
            chunks.Add(("PLTE", [0, 0, 0, 255, 255, 255]));
        chunks.Add(("IDAT", Zlib(new byte[size])));
        chunks.Add(("IEND", []));
        return PngFromChunks([.. chunks]);
    }

    private static byte[] Asset(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Assets", name));

    private static byte[] Edit(byte[] bytes, Action<byte[]> edit)
    {
        var copy = (byte[])bytes.Clone();
        edit(copy);
        return copy;
    }

    // ---- JPEG segments: (marker, offset of the 0xFF, offset after the segment) up to the first scan's data.

    private readonly record struct Segment(byte Marker, int At, int End);

    private static IEnumerable<Segment> SegmentsOf(byte[] jpeg)
    {
        var position = 2;
        while (position + 4 <= jpeg.Length)
        {
            if (jpeg[position] != 0xFF)
            {
                position++; // entropy-coded data between scans
                continue;
            }

            var marker = jpeg[position + 1];
            if (marker is 0x00 or 0xFF or >= 0xD0 and <= 0xD7)
            {
                position += marker == 0xFF ? 1 : 2;
                continue;
            }

            if (marker == 0xD9)
                yield break;
            var end = position + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(position + 2));
            yield return new Segment(marker, position, end);
            position = end;
        }
    }

    private static byte FrameMarker(byte[] jpeg) => SegmentsOf(jpeg).First(s => s.Marker is 0xC0 or 0xC1 or 0xC2).Marker;

    private static byte[] WithoutSegments(byte[] jpeg, byte marker)
    {
        var result = new List<byte>(jpeg.Length);
        var position = 0;
        foreach (var segment in SegmentsOf(jpeg).Where(s => s.Marker == marker))
        {
            result.AddRange(jpeg[position..segment.At]);
            position = segment.End;
        }

        result.AddRange(jpeg[position..]);
        return [.. result];
    }

    /// <summary>Edits the first segment with this marker; the span given to the edit starts at its length field.</summary>
    private static byte[] EditSegment(byte[] jpeg, byte marker, SpanEdit edit)
    {
        var segment = SegmentsOf(jpeg).First(s => s.Marker == marker);
        var copy = (byte[])jpeg.Clone();
        edit(copy.AsSpan(segment.At + 2, segment.End - segment.At - 2));
        return copy;
    }

    private delegate void SpanEdit(Span<byte> segment);

    private static byte[] EditFrame(byte[] jpeg, SpanEdit edit) => EditSegment(jpeg, FrameMarker(jpeg), edit);

    private static byte[] WithFrameMarker(byte[] jpeg, byte marker)
    {
        var copy = (byte[])jpeg.Clone();
        copy[SegmentsOf(jpeg).First(s => s.Marker == FrameMarker(jpeg)).At + 1] = marker;
        return copy;
    }

    private static byte[] WithSecondFrame(byte[] jpeg)
    {
        var frame = SegmentsOf(jpeg).First(s => s.Marker == FrameMarker(jpeg));
        return [.. jpeg[..frame.End], .. jpeg[frame.At..frame.End], .. jpeg[frame.End..]];
    }

    // ---- PNG chunks.

    private static IEnumerable<(string Type, int At, int Length)> ChunksOf(byte[] png)
    {
        var position = 8;
        while (position + 12 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            yield return (Encoding.ASCII.GetString(png, position + 4, 4), position, length);
            position += 12 + length;
        }
    }

    private static byte[] PngWithoutChunk(byte[] png, string type)
    {
        var chunk = ChunksOf(png).First(c => c.Type == type);
        return [.. png[..chunk.At], .. png[(chunk.At + 12 + chunk.Length)..]];
    }

    private delegate void ChunkEdit(Span<byte> data, Span<byte> crc);

    private static byte[] EditPngChunk(byte[] png, string type, ChunkEdit edit, bool fixCrc = false)
    {
        var (_, at, length) = ChunksOf(png).First(c => c.Type == type);
        var copy = (byte[])png.Clone();
        edit(copy.AsSpan(at + 8, length), copy.AsSpan(at + 8 + length, 4));
        if (fixCrc)
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at + 8 + length), Crc32(copy.AsSpan(at + 4, 4 + length)));
        return copy;
    }

    private static byte[] EditPngLength(byte[] png, string type, uint length)
    {
        var chunk = ChunksOf(png).First(c => c.Type == type);
        var copy = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(chunk.At), length);
        return copy;
    }

    private static byte[] Ihdr(int width, int height, byte depth, byte colourType)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = depth;
        ihdr[9] = colourType;
        return ihdr;
    }

    private static byte[] Scanlines(int width, int rows, int channels, byte filter)
    {
        var data = new byte[rows * (1 + width * channels)];
        for (var row = 0; row < rows; row++)
            data[row * (1 + width * channels)] = filter;
        return data;
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(data);
        return output.ToArray();
    }

    private static byte[] PngFromChunks(params (string Type, byte[] Data)[] chunks)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> word = stackalloc byte[4];
        foreach (var (type, data) in chunks)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
            png.Write(word);
            var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            png.Write(typed);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
            png.Write(word);
        }

        return png.ToArray();
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB8_8320u ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }

    // ---- WebP.

    private static byte[] Riff(string chunk, byte[] payload)
    {
        var body = new List<byte>();
        body.AddRange("WEBP"u8.ToArray());
        body.AddRange(Encoding.ASCII.GetBytes(chunk));
        body.AddRange(BitConverter.GetBytes((uint)payload.Length));
        body.AddRange(payload);
        return [.. "RIFF"u8, .. BitConverter.GetBytes((uint)body.Count), .. body];
    }
}
