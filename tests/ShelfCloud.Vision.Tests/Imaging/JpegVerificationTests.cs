using ShelfCloud.Vision.Imaging;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Vision.Tests.Imaging;

/// <summary>
/// <see cref="ImageDecoder.Verify"/> checks a JPEG by walking its scans (<see cref="JpegScanWalker"/>) instead of
/// decoding it. These tests damage JPEGs in the ways uploads get damaged and require the expected verdict from Verify
/// and, for sequential JPEGs, the same verdict from a full decode. A progressive JPEG cut short is the one case where
/// the two differ: Skia decodes it into a partial image; Verify refuses it as truncated, or as incomplete when an
/// end-of-image marker was appended after the cut.
/// </summary>
public class JpegVerificationTests
{
    private readonly ImageDecoder _decoder = new();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in new[] { "baseline 4:4:4 (Skia)", "progressive (cjpeg)", "restart markers 4:2:0 (cjpeg)" })
        {
            foreach (var damage in Damages.Keys)
                data.Add(source, damage);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_refuses_truncated_jpegs_and_otherwise_agrees_with_a_full_decode(string source, string damage)
    {
        var jpeg = Source(source);
        var (damaged, accepted) = Damages[damage](jpeg);
        if (IsProgressive(source) && damage == CutWithEndMarker)
            accepted = false;

        var verifies = Accepts(() => _decoder.Verify(damaged));
        var decodes = Accepts(() => _decoder.Decode(damaged).Dispose());

        verifies.ShouldBe(accepted, $"Verify of '{damage}'");
        if (!IsProgressive(source) || accepted)
            decodes.ShouldBe(verifies, $"the full decode of '{damage}' disagrees with Verify");
    }

    [Fact]
    public void A_progressive_jpeg_cut_short_decodes_partially_but_is_refused_as_truncated()
    {
        var jpeg = Source("progressive (cjpeg)");
        var cut = jpeg[..(jpeg.Length * 6 / 10)];

        using (var partial = _decoder.Decode(cut))
            partial.Bitmap.Width.ShouldBe(160);
        Should.Throw<ImageRejectedException>(() => _decoder.Verify(cut)).Message.ShouldBe("The Jpeg image is truncated.");
    }

    [Fact]
    public void A_truncated_jpeg_is_refused_as_truncated_without_decoding()
    {
        var jpeg = Source("baseline 4:4:4 (Skia)");

        var refusal = Should.Throw<ImageRejectedException>(() => _decoder.Verify(jpeg.AsSpan(0, jpeg.Length - 100)));

        refusal.Reason.ShouldBe(ImageRejectionReason.Undecodable);
        refusal.Message.ShouldBe("The Jpeg image is truncated.");
    }

    [Fact]
    public void Verify_returns_the_header_of_an_intact_jpeg()
    {
        var header = _decoder.Verify(Source("progressive (cjpeg)"));

        header.ShouldBe(new ImageHeader(ImageFormat.Jpeg, 160, 120, SKEncodedOrigin.TopLeft));
    }

    [Fact]
    public void The_structure_check_needs_a_frame_and_an_end_of_image_marker_after_the_scans()
    {
        var jpeg = Source("restart markers 4:2:0 (cjpeg)");

        JpegStructureCheck.FindDefect(jpeg).ShouldBeNull();
        JpegStructureCheck.FindDefect(jpeg.AsSpan(0, jpeg.Length - 1)).ShouldNotBeNull();
        JpegStructureCheck.FindDefect([0xFF, 0xD8, 0xFF, 0xD9]).ShouldBe("has no frame header");
        JpegStructureCheck.FindDefect([0xFF, 0xD8, 0xFF]).ShouldNotBeNull();
        JpegStructureCheck.FindDefect("not a jpeg at all"u8).ShouldNotBeNull();
    }

    private const string CutWithEndMarker = "cut at 60 % with an end-of-image marker appended";

    private static readonly Dictionary<string, Func<byte[], (byte[] Damaged, bool ShouldDecode)>> Damages = new()
    {
        ["intact"] = jpeg => (jpeg, true),
        ["cut at 30 %"] = jpeg => (jpeg[..(jpeg.Length * 3 / 10)], false),
        ["cut at 60 %"] = jpeg => (jpeg[..(jpeg.Length * 6 / 10)], false),
        ["cut 10 bytes before the end"] = jpeg => (jpeg[..^10], false),
        ["only the end-of-image marker missing"] = jpeg => (jpeg[..^2], false),
        ["cut in the middle of the end-of-image marker"] = jpeg => (jpeg[..^1], false),
        ["cut inside the first scan's header"] = jpeg => (jpeg[..(StartOfFirstScan(jpeg) + 6)], false),
        [CutWithEndMarker] = jpeg => ([.. jpeg[..(jpeg.Length * 6 / 10)], 0xFF, 0xD9], true),
        ["200 bytes of the scans overwritten"] = jpeg => (Overwritten(jpeg, count: 200, seed: 1), true),
        ["a third of the scans cut out"] = jpeg => (WithoutMiddleThird(jpeg), true),
        ["2 KB of the scans zeroed"] = jpeg => (Zeroed(jpeg, 2048), true),
        ["junk after the end-of-image marker"] = jpeg => ([.. jpeg, .. "trailing junk"u8], true),
    };

    private static byte[] Source(string name) => name switch
    {
        "baseline 4:4:4 (Skia)" => TestImages.Encode(TestImages.Noise(320, 240, seed: 11), SKEncodedImageFormat.Jpeg),
        "progressive (cjpeg)" => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Assets", "progressive.jpg")),
        "restart markers 4:2:0 (cjpeg)" => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Assets", "restart-markers.jpg")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown source."),
    };

    private static bool IsProgressive(string source) => source.StartsWith("progressive", StringComparison.Ordinal);

    private static bool Accepts(Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (ImageRejectedException)
        {
            return false;
        }
    }

    private static int StartOfFirstScan(byte[] jpeg)
    {
        for (var i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA)
                return i;
        }

        throw new InvalidOperationException("No start-of-scan marker.");
    }

    // Damage only the first scan's data, never creating a 0xFF: a marker is structure, not damaged data.
    private static byte[] Overwritten(byte[] jpeg, int count, int seed)
    {
        var copy = (byte[])jpeg.Clone();
        var random = new Random(seed);
        var (from, to) = FirstScanData(jpeg);
        for (var i = 0; i < count; i++)
        {
            var at = random.Next(from, to);
            if (copy[at] != 0xFF && (at == 0 || copy[at - 1] != 0xFF))
                copy[at] = (byte)random.Next(0, 0xFF);
        }

        return copy;
    }

    private static byte[] Zeroed(byte[] jpeg, int length)
    {
        var copy = (byte[])jpeg.Clone();
        var (from, to) = FirstScanData(jpeg);
        var start = from + (to - from - Math.Min(length, to - from)) / 2;
        for (var i = start; i < Math.Min(start + length, to); i++)
        {
            if (copy[i] != 0xFF && copy[i - 1] != 0xFF)
                copy[i] = 0;
        }

        return copy;
    }

    private static byte[] WithoutMiddleThird(byte[] jpeg)
    {
        var (from, to) = FirstScanData(jpeg);
        var third = (to - from) / 3;
        var cutFrom = from + third;
        var cutTo = cutFrom + third;
        // Never split a marker or a stuffed byte in two.
        while (jpeg[cutFrom - 1] == 0xFF) cutFrom++;
        while (jpeg[cutTo - 1] == 0xFF) cutTo++;
        return [.. jpeg[..cutFrom], .. jpeg[cutTo..]];
    }

    /// <summary>The first scan's entropy-coded bytes: after its header, up to the next marker that is not RST or stuffing.</summary>
    private static (int From, int To) FirstScanData(byte[] jpeg)
    {
        var sos = StartOfFirstScan(jpeg);
        var from = sos + 2 + ((jpeg[sos + 2] << 8) | jpeg[sos + 3]);
        var to = from;
        while (to + 1 < jpeg.Length && !(jpeg[to] == 0xFF && jpeg[to + 1] is not 0x00 and not (>= 0xD0 and <= 0xD7)))
            to++;
        return (from, to);
    }
}
