using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Vision.Inference;

/// <summary>
/// Reads candidate boxes from a YOLOv8/YOLO11 head: per anchor cx, cy, w, h in input pixels, then one score per
/// class (no objectness). Boxes stay in model-input pixels; NMS and mapping back come after.
/// </summary>
public static class YoloOutputDecoder
{
    /// <summary>
    /// Decides which of the two non-batch dimensions holds the 4+C channels. With a known class count the one equal
    /// to 4+C wins (channels first when both are); without, the smaller one (anchors far outnumber classes).
    /// Returns null when no reading fits.
    /// </summary>
    public static YoloOutputLayout? ResolveLayout(long dim1, long dim2, int? classCount)
    {
        if (classCount is { } classes and > 0)
        {
            var channels = 4 + classes;
            return dim1 == channels ? YoloOutputLayout.ChannelsFirst
                : dim2 == channels ? YoloOutputLayout.AnchorsFirst
                : null;
        }

        var smaller = Math.Min(dim1, dim2);
        if (smaller < 5)
        {
            return null;
        }

        return dim1 <= dim2 ? YoloOutputLayout.ChannelsFirst : YoloOutputLayout.AnchorsFirst;
    }

    /// <summary>
    /// Appends to <paramref name="candidates"/> every anchor whose best class score reaches
    /// <paramref name="confidenceThreshold"/>; <paramref name="output"/> is one image's slice of the head output.
    /// </summary>
    public static void Decode(
        ReadOnlySpan<float> output,
        YoloOutputLayout layout,
        int channels,
        int anchors,
        float confidenceThreshold,
        List<DetectedObject> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (output.Length != channels * anchors)
        {
            throw new ArgumentException($"Expected {channels}×{anchors} values, got {output.Length}.", nameof(output));
        }

        var (channelStride, anchorStride) = layout == YoloOutputLayout.ChannelsFirst ? (anchors, 1) : (1, channels);
        for (var anchor = 0; anchor < anchors; anchor++)
        {
            var offset = anchor * anchorStride;
            var bestClass = -1;
            var bestScore = float.NegativeInfinity;
            for (var c = 4; c < channels; c++)
            {
                var score = output[offset + c * channelStride];
                if (score > bestScore)
                {
                    bestScore = score;
                    bestClass = c - 4;
                }
            }

            if (bestScore < confidenceThreshold)
            {
                continue;
            }

            var cx = output[offset];
            var cy = output[offset + channelStride];
            var w = output[offset + 2 * channelStride];
            var h = output[offset + 3 * channelStride];
            if (w <= 0 || h <= 0)
            {
                continue;
            }

            candidates.Add(new DetectedObject(new BoundingBox(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), bestScore, bestClass));
        }
    }
}
