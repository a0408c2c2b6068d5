using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Tooling.Datasets;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>
/// Accumulates ground truth and predictions image by image and computes COCO-style mAP50 and mAP50-95
/// (101-point interpolation, greedy matching of each prediction to the unmatched ground-truth box it
/// overlaps most). Class-agnostic mode treats every label and every prediction as one "product" class,
/// as SKU-110K-style shelf detectors are evaluated; otherwise AP is computed per class and averaged over
/// the classes that have ground truth.
/// </summary>
public sealed class DetectionEvaluator
{
    private readonly bool _classAgnostic;
    private readonly List<ImageEntry> _images = [];

    /// <summary>Creates an evaluator.</summary>
    /// <param name="classAgnostic">True to ignore class ids on both sides.</param>
    public DetectionEvaluator(bool classAgnostic) => _classAgnostic = classAgnostic;

    /// <summary>Adds one image's ground truth and predictions.</summary>
    public void Add(IReadOnlyList<LabelledBox> truth, IReadOnlyList<DetectedObject> predictions)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictions);
        _images.Add(new ImageEntry(
            truth.Select(t => t with { ClassId = ClassOf(t.ClassId) }).ToArray(),
            predictions.Select(p => p with { ClassId = ClassOf(p.ClassId) }).ToArray()));
    }

    /// <summary>The report over everything added so far.</summary>
    public DetectionReport Compute()
    {
        var classes = _images.SelectMany(image => image.Truth).Select(t => t.ClassId).Distinct().Order().ToArray();
        var boxes = _images.Sum(image => image.Truth.Length);
        if (classes.Length == 0)
        {
            return new DetectionReport(0, 0, _images.Count, 0);
        }

        var thresholds = AveragePrecision.CocoIouThresholds;
        var map50 = 0.0;
        var map50To95 = 0.0;
        foreach (var classId in classes)
        {
            var perThreshold = thresholds.Select(threshold => ClassAveragePrecision(classId, threshold)).ToArray();
            map50 += perThreshold[0];
            map50To95 += perThreshold.Average();
        }

        return new DetectionReport(map50 / classes.Length, map50To95 / classes.Length, _images.Count, boxes);
    }

    private int ClassOf(int classId) => _classAgnostic ? 0 : classId;

    private double ClassAveragePrecision(int classId, float iouThreshold)
    {
        var ranked = _images
            .SelectMany((image, imageIndex) => image.Predictions.Where(p => p.ClassId == classId).Select(p => (imageIndex, p)))
            .OrderByDescending(entry => entry.p.Score)
            .ToList();
        var matched = _images.Select(image => new bool[image.Truth.Length]).ToArray();
        var truthCount = _images.Sum(image => image.Truth.Count(t => t.ClassId == classId));
        var truePositives = new bool[ranked.Count];
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            var (imageIndex, prediction) = ranked[rank];
            var truth = _images[imageIndex].Truth;
            var best = -1;
            var bestIou = iouThreshold;
            for (var t = 0; t < truth.Length; t++)
            {
                if (truth[t].ClassId != classId || matched[imageIndex][t])
                {
                    continue;
                }

                var iou = truth[t].Box.IoU(prediction.Box);
                if (iou >= bestIou)
                {
                    bestIou = iou;
                    best = t;
                }
            }

            if (best >= 0)
            {
                matched[imageIndex][best] = true;
                truePositives[rank] = true;
            }
        }

        return AveragePrecision.Coco101(truePositives, truthCount);
    }

    private sealed record ImageEntry(LabelledBox[] Truth, DetectedObject[] Predictions);
}
