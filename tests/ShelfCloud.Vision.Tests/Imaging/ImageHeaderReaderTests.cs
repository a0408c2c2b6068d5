using System.Buffers.Binary;
using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Vision.Tests.Imaging;

public class ImageHeaderReaderTests
{
    [Fact]
    public void Lossless_webp_size_is_read_from_its_vp8l_header()
    {
        var webp = WebpHeader("VP8L", payload =>
        {
            payload[0] = 0x2F;
            BinaryPrimitives.WriteUInt32LittleEndian(payload[1..], (uint)((300 - 1) | ((200 - 1) << 14)));
        });

        ImageHeaderReader.TryReadDimensions(webp, ImageFormat.Webp, out var width, out var height).ShouldBeTrue();
        (width, height).ShouldBe((300, 200));
    }

    [Fact]
    public void Extended_webp_declaring_a_huge_canvas_is_refused_before_decoding()
    {
        var webp = WebpHeader("VP8X", payload =>
        {
            WriteUInt24(payload[4..], 16384 - 1);
            WriteUInt24(payload[7..], 16384 - 1);
        });

        var refused = Should.Throw<ImageRejectedException>(() => new ImageDecoder().Decode(webp));

        refused.Reason.ShouldBe(ImageRejectionReason.TooLarge);
        (refused.DeclaredWidth, refused.DeclaredHeight).ShouldBe((16384, 16384));
    }

    [Fact]
    public void Jpeg_without_a_frame_header_has_no_size()
    {
        byte[] soiThenEoi = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xD9];

        ImageHeaderReader.TryReadDimensions(soiThenEoi, ImageFormat.Jpeg, out _, out _).ShouldBeFalse();
    }

    private static byte[] WebpHeader(string chunk, SpanAction writePayload)
    {
        var data = new byte[40];
        "RIFF"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), (uint)(data.Length - 8));
        "WEBP"u8.CopyTo(data.AsSpan(8));
        System.Text.Encoding.ASCII.GetBytes(chunk).CopyTo(data, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16), (uint)(data.Length - 20));
        writePayload(data.AsSpan(20));
        return data;
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
    }

    private delegate void SpanAction(Span<byte> payload);
}
