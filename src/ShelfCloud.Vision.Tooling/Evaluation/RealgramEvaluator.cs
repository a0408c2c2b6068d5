using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>
/// Scores the whole pipeline on labelled shelf photos twice — on looks alone and with the shelf's realgram — by
/// matching each labelled product to the predicted box it overlaps most (IoU ≥ <see cref="MatchIoU"/>, one box per
/// label). A label is right when its box was found and named with its SKU; a missed box counts as wrong.
/// </summary>
public sealed class RealgramEvaluator
{
    public const float MatchIoU = 0.5f;

    private int _captures;
    private int _products;
    private int _detected;
    private int _rightAlone;
    private int _rightWithRealgram;
    private int _fixedByRealgram;
    private int _brokenByRealgram;
    private int _capturesWithHistory;
    private int _productsWithHistory;
    private int _rightAloneWithHistory;
    private int _rightWithRealgramWithHistory;
    private int _unknownAnswers;

    /// <summary>Adds one photo: its labels and the SKU codes predicted per box without and with the realgram.</summary>
    /// <param name="labels">The photo's labelled products.</param>
    /// <param name="predictions">Predicted boxes with the SKU named on looks alone and with the realgram (null: none).</param>
    /// <param name="hadHistory">Whether the shelf had annotations when this photo was recognised.</param>
    public void Add(IReadOnlyList<LabelledProduct> labels, IReadOnlyList<PredictedBox> predictions, bool hadHistory)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions);
        _captures++;
        _capturesWithHistory += hadHistory ? 1 : 0;
        var taken = new bool[predictions.Count];
        foreach (var label in labels)
        {
            var match = BestUnmatched(label.Box, predictions, taken);
            var alone = match >= 0 && predictions[match].SkuAlone == label.Sku;
            var withRealgram = match >= 0 && predictions[match].SkuWithRealgram == label.Sku;
            _products++;
            _detected += match >= 0 ? 1 : 0;
            _rightAlone += alone ? 1 : 0;
            _rightWithRealgram += withRealgram ? 1 : 0;
            _fixedByRealgram += !alone && withRealgram ? 1 : 0;
            _brokenByRealgram += alone && !withRealgram ? 1 : 0;
            _unknownAnswers += match >= 0 && predictions[match].Unknown ? 1 : 0;
            if (!hadHistory)
                continue;
            _productsWithHistory++;
            _rightAloneWithHistory += alone ? 1 : 0;
            _rightWithRealgramWithHistory += withRealgram ? 1 : 0;
        }
    }

    public RealgramReport Report() => new(
        _captures, _products, Share(_detected, _products), Share(_rightAlone, _products), Share(_rightWithRealgram, _products),
        Share(_rightAlone, _detected), Share(_rightWithRealgram, _detected), _fixedByRealgram, _brokenByRealgram,
        _capturesWithHistory, Share(_rightAloneWithHistory, _productsWithHistory), Share(_rightWithRealgramWithHistory, _productsWithHistory),
        _unknownAnswers);

    private static int BestUnmatched(BoundingBox label, IReadOnlyList<PredictedBox> predictions, bool[] taken)
    {
        var best = -1;
        var bestIoU = MatchIoU;
        for (var i = 0; i < predictions.Count; i++)
        {
            var iou = taken[i] ? 0 : predictions[i].Box.IoU(label);
            if (iou >= bestIoU)
            {
                best = i;
                bestIoU = iou;
            }
        }

        if (best >= 0)
            taken[best] = true;
        return best;
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}

/// <summary>A predicted product box and the SKU code it was named on looks alone and with the realgram.</summary>
/// <param name="Unknown">The box was answered unknown: neither way names a SKU.</param>
public sealed record PredictedBox(BoundingBox Box, string? SkuAlone, string? SkuWithRealgram, bool Unknown = false);

/// <summary>Whole-pipeline top-1 without and with the realgram (see <see cref="RealgramEvaluator"/>).</summary>
/// <param name="Captures">Photos scored.</param>
/// <param name="Products">Labelled products in them.</param>
/// <param name="DetectionRecall">Share of labelled products with a predicted box at IoU ≥ 0.5.</param>
/// <param name="Top1WithoutRealgram">Share of labelled products found and named right on looks alone.</param>
/// <param name="Top1WithRealgram">The same with the realgram.</param>
/// <param name="Top1WithoutRealgramDetected">Share of found products named right on looks alone (recognition only).</param>
/// <param name="Top1WithRealgramDetected">The same with the realgram.</param>
/// <param name="FixedByRealgram">Labels wrong on looks alone and right with the realgram.</param>
/// <param name="BrokenByRealgram">Labels right on looks alone and wrong with the realgram.</param>
/// <param name="CapturesWithHistory">Photos recognised when their shelf already had annotations.</param>
/// <param name="Top1WithoutRealgramWithHistory">Top-1 on looks alone over those photos only.</param>
/// <param name="Top1WithRealgramWithHistory">Top-1 with the realgram over those photos only.</param>
/// <param name="UnknownAnswers">Labelled products whose box was answered unknown (no SKU, counted wrong both ways).</param>
public sealed record RealgramReport(
    int Captures, int Products, double DetectionRecall, double Top1WithoutRealgram, double Top1WithRealgram,
    double Top1WithoutRealgramDetected, double Top1WithRealgramDetected, int FixedByRealgram, int BrokenByRealgram,
    int CapturesWithHistory, double Top1WithoutRealgramWithHistory, double Top1WithRealgramWithHistory, int UnknownAnswers = 0);
