using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Vision.Recognition;

/// <summary>One encoded image to recognise.</summary>
/// <param name="Name">How results and errors name the image (a file path, a capture id).</param>
/// <param name="EncodedBytes">The JPEG, PNG or WebP file's bytes; decoded and made upright by the pipeline.</param>
public sealed record RecognitionImage(string Name, ReadOnlyMemory<byte> EncodedBytes)
{
    /// <summary>The shelf's recent annotations for realgram fusion; null scores on looks alone.</summary>
    public ShelfContext? Shelf { get; init; }

    /// <summary>
    /// The products' boxes when they are already known (annotated boxes, an evaluation on ground truth), in the file's
    /// pixels: the detector is skipped for this image and every box is recognised as a product of class 0.
    /// </summary>
    public IReadOnlyList<BoundingBox>? KnownBoxes { get; init; }
}
