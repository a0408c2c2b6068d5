using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Vision.Tests.Inference;

public class NonMaximumSuppressionTests
{
    [Fact]
    public void Overlapping_boxes_of_different_classes_are_suppressed()
    {
        List<DetectedObject> candidates =
        [
            new(new BoundingBox(1, 1, 11, 11), 0.6f, ClassId: 1),
            new(new BoundingBox(0, 0, 10, 10), 0.9f, ClassId: 0),
            new(new BoundingBox(20, 0, 30, 10), 0.5f, ClassId: 1),
        ];

        var kept = NonMaximumSuppression.Apply(candidates, iouThreshold: 0.5f, maxDetections: 10);

        kept.Select(d => (d.Score, d.ClassId)).ShouldBe([(0.9f, 0), (0.5f, 1)]);
    }

    [Fact]
    public void Boxes_overlapping_at_or_below_the_threshold_are_kept()
    {
        // IoU of these two is exactly 1/3.
        List<DetectedObject> candidates =
        [
            new(new BoundingBox(0, 0, 10, 10), 0.9f, 0),
            new(new BoundingBox(5, 0, 15, 10), 0.8f, 0),
        ];

        NonMaximumSuppression.Apply(candidates, iouThreshold: 0.34f, maxDetections: 10).Count.ShouldBe(2);
        NonMaximumSuppression.Apply(candidates, iouThreshold: 0.33f, maxDetections: 10).Count.ShouldBe(1);
    }

    [Fact]
    public void At_most_max_detections_highest_first()
    {
        var candidates = Enumerable.Range(0, 10)
            .Select(i => new DetectedObject(new BoundingBox(i * 20, 0, i * 20 + 10, 10), i / 10f, 0))
            .ToList();

        var kept = NonMaximumSuppression.Apply(candidates, 0.5f, maxDetections: 3);

        kept.Select(d => d.Score).ShouldBe([0.9f, 0.8f, 0.7f]);
    }
}
