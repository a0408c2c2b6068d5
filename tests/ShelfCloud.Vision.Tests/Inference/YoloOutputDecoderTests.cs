using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Vision.Tests.Inference;

public class YoloOutputDecoderTests
{
    [Theory]
    [InlineData(6, 8400, 2, YoloOutputLayout.ChannelsFirst)]
    [InlineData(8400, 6, 2, YoloOutputLayout.AnchorsFirst)]
    [InlineData(84, 8400, null, YoloOutputLayout.ChannelsFirst)]
    [InlineData(8400, 84, null, YoloOutputLayout.AnchorsFirst)]
    // Fewer anchors than channels: only the class count tells the layouts apart.
    [InlineData(3, 84, 80, YoloOutputLayout.AnchorsFirst)]
    public void Layout_follows_the_class_count_or_else_the_smaller_dimension(long dim1, long dim2, int? classes, YoloOutputLayout expected)
    {
        YoloOutputDecoder.ResolveLayout(dim1, dim2, classes).ShouldBe(expected);
    }

    [Theory]
    [InlineData(7, 8400, 2)]
    [InlineData(4, 8400, null)]
    public void Shapes_that_fit_no_layout_are_rejected(long dim1, long dim2, int? classes)
    {
        YoloOutputDecoder.ResolveLayout(dim1, dim2, classes).ShouldBeNull();
    }

    [Fact]
    public void Both_layouts_decode_the_same_candidates()
    {
        // Two anchors, two classes: rows are cx, cy, w, h, score0, score1.
        float[][] anchors = [[50, 40, 20, 10, 0.2f, 0.9f], [10, 10, 4, 4, 0.1f, 0.1f]];
        float[] channelsFirst = [.. Enumerable.Range(0, 6).SelectMany(c => anchors.Select(a => a[c]))];
        float[] anchorsFirst = [.. anchors.SelectMany(a => a)];
        var fromChannelsFirst = new List<DetectedObject>();
        var fromAnchorsFirst = new List<DetectedObject>();

        YoloOutputDecoder.Decode(channelsFirst, YoloOutputLayout.ChannelsFirst, 6, 2, 0.25f, fromChannelsFirst);
        YoloOutputDecoder.Decode(anchorsFirst, YoloOutputLayout.AnchorsFirst, 6, 2, 0.25f, fromAnchorsFirst);

        fromChannelsFirst.ShouldBe([new DetectedObject(new BoundingBox(40, 35, 60, 45), 0.9f, 1)]);
        fromAnchorsFirst.ShouldBe(fromChannelsFirst);
    }
}
