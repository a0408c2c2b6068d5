using ShelfCloud.Domain.Captures;
using ShelfCloud.Vision.Tooling.Synthetic;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>
/// Scores recognition on labelled shelf photos for every way of deciding at once — on looks alone, with the shelf's
/// realgram (both instance selections), and with tracking and the second-level ranker on, off and together — by matching
/// each labelled product to the predicted box it overlaps most (IoU ≥ <see cref="MatchIoU"/>, one box per label). A
/// label is right when its box was found and named with its SKU; a missed box counts as wrong. Products outside the
/// catalog are left out of top-1 and counted apart (their right answer is unknown). Flicker is measured over
/// consecutive photos of a shelf: a facing whose labelled SKU stayed at the same place but whose prediction changed.
/// "As shown" compares with what the portal shows for the earlier photo: an annotated photo shows the annotator's SKUs.
/// </summary>
public sealed class RealgramEvaluator
{
    public const float MatchIoU = 0.5f;

    private readonly Dictionary<Way, int> _right = [];
    private readonly Dictionary<Way, int> _rightWithHistory = [];
    private readonly Dictionary<Way, int> _flickers = [];
    private readonly SortedDictionary<int, (int Products, int Alone, int Realgram, int Final)> _byDay = [];
    private List<(BoundingBox Box, string Sku, PredictedBox? Prediction, string? ShownFinal)> _previous = [];
    private int _flickersFinalAsShown;
    private bool _previousHadHistory;
    private int _pairsWithHistory;
    private int _flickersFinalWithHistory;
    private string? _shelf;
    private int _captures;
    private int _products;
    private int _detected;
    private int _fixedByRealgram;
    private int _brokenByRealgram;
    private int _capturesWithHistory;
    private int _productsWithHistory;
    private int _unknownAnswers;
    private int _consecutivePairs;
    private int _strangers;
    private int _strangersUnknownAlone;
    private int _strangersUnknownFinal;

    /// <summary>The ways of deciding a facing's SKU that are scored.</summary>
    public enum Way
    {
        Alone,
        Realgram,
        RealgramMerge,
        Final,
        TrackingOff,
        RankerOff,
    }

    /// <summary>Adds one photo: its labels and the SKU codes predicted per box.</summary>
    /// <param name="labels">The photo's labelled products.</param>
    /// <param name="predictions">Predicted boxes with the SKU each way named (null: none).</param>
    /// <param name="hadHistory">Whether the shelf had annotations when this photo was recognised.</param>
    /// <param name="shelf">The shelf the photo shows; photos of one shelf come in time order, and flicker compares each with the one before.</param>
    /// <param name="day">The day of the shelf's history the photo was taken on, for top-1 by day; null leaves it out.</param>
    /// <param name="annotated">An annotator confirmed this photo: from then on it shows the labelled SKUs.</param>
    public void Add(
        IReadOnlyList<LabelledProduct> labels, IReadOnlyList<PredictedBox> predictions, bool hadHistory, string? shelf = null, int? day = null,
        bool annotated = false)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predictions);
        if (shelf is null || shelf != _shelf)
            _previous = [];
        _shelf = shelf;
        _captures++;
        _capturesWithHistory += hadHistory ? 1 : 0;
        var taken = new bool[predictions.Count];
        var current = new List<(BoundingBox, string, PredictedBox?, string?)>();
        foreach (var label in labels)
        {
            var match = BestUnmatched(label.Box, predictions, taken);
            var prediction = match >= 0 ? predictions[match] : null;
            if (!label.InCatalog)
            {
                _strangers++;
                _strangersUnknownAlone += prediction is { Unknown: true } ? 1 : 0;
                _strangersUnknownFinal += prediction is not null && prediction.SkuOf(Way.Final) is null ? 1 : 0;
                continue;
            }

            current.Add((label.Box, label.Sku, prediction, annotated ? label.Sku : prediction?.SkuOf(Way.Final)));
            CountFlicker(label, prediction, _previousHadHistory);
            var alone = prediction?.SkuAlone == label.Sku;
            var withRealgram = prediction?.SkuWithRealgram == label.Sku;
            _products++;
            _detected += prediction is null ? 0 : 1;
            _fixedByRealgram += !alone && withRealgram ? 1 : 0;
            _brokenByRealgram += alone && !withRealgram ? 1 : 0;
            _unknownAnswers += prediction is { Unknown: true } ? 1 : 0;
            _productsWithHistory += hadHistory ? 1 : 0;
            if (day is { } d)
            {
                var counts = _byDay.GetValueOrDefault(d);
                _byDay[d] = (counts.Products + 1, counts.Alone + Right(prediction, label, Way.Alone),
                    counts.Realgram + Right(prediction, label, Way.Realgram), counts.Final + Right(prediction, label, Way.Final));
            }

            foreach (var way in Enum.GetValues<Way>())
            {
                var right = Right(prediction, label, way);
                _right[way] = _right.GetValueOrDefault(way) + right;
                if (hadHistory)
                    _rightWithHistory[way] = _rightWithHistory.GetValueOrDefault(way) + right;
            }
        }

        _previous = current;
        _previousHadHistory = hadHistory;
    }

    private static int Right(PredictedBox? prediction, LabelledProduct label, Way way) =>
        prediction is not null && prediction.SkuOf(way) == label.Sku ? 1 : 0;

    /// <param name="afterHistory">The earlier photo of the pair was recognised with the shelf's annotations.</param>
    private void CountFlicker(LabelledProduct label, PredictedBox? prediction, bool afterHistory)
    {
        if (prediction is null)
            return;
        var before = _previous.FirstOrDefault(p => p.Sku == label.Sku && p.Prediction is not null && p.Box.IoU(label.Box) >= MatchIoU);
        if (before.Prediction is null)
            return;
        _consecutivePairs++;
        if (afterHistory)
        {
            _pairsWithHistory++;
            _flickersFinalWithHistory += before.Prediction.SkuOf(Way.Final) != prediction.SkuOf(Way.Final) ? 1 : 0;
        }

        _flickersFinalAsShown += before.ShownFinal != prediction.SkuOf(Way.Final) ? 1 : 0;

        foreach (var way in Enum.GetValues<Way>())
            _flickers[way] = _flickers.GetValueOrDefault(way) + (before.Prediction.SkuOf(way) != prediction.SkuOf(way) ? 1 : 0);
    }

    public RealgramReport Report() => new(
        _captures, _products, Share(_detected, _products), Top1(Way.Alone), Top1(Way.Realgram),
        Share(Right(Way.Alone), _detected), Share(Right(Way.Realgram), _detected), _fixedByRealgram, _brokenByRealgram,
        _capturesWithHistory, Share(_rightWithHistory.GetValueOrDefault(Way.Alone), _productsWithHistory),
        Share(_rightWithHistory.GetValueOrDefault(Way.Realgram), _productsWithHistory), _unknownAnswers)
    {
        Top1RealgramMerge = Top1(Way.RealgramMerge),
        Top1Final = Top1(Way.Final),
        Top1TrackingOff = Top1(Way.TrackingOff),
        Top1RankerOff = Top1(Way.RankerOff),
        Top1FinalWithHistory = Share(_rightWithHistory.GetValueOrDefault(Way.Final), _productsWithHistory),
        ConsecutivePairs = _consecutivePairs,
        FlickerRateLooksAlone = Flicker(Way.Alone),
        FlickerRateRealgram = Flicker(Way.Realgram),
        FlickerRateTrackingOff = Flicker(Way.TrackingOff),
        FlickerRateFinal = Flicker(Way.Final),
        FlickerRateFinalWithHistory = Share(_flickersFinalWithHistory, _pairsWithHistory),
        FlickerRateRankerOff = Flicker(Way.RankerOff),
        FlickerRateFinalAsShown = Share(_flickersFinalAsShown, _consecutivePairs),
        NotInCatalogProducts = _strangers,
        NotInCatalogUnknownAlone = Share(_strangersUnknownAlone, _strangers),
        NotInCatalogUnknownFinal = Share(_strangersUnknownFinal, _strangers),
        Top1ByDay = _byDay.Select(d => new DayTop1(d.Key, d.Value.Products, Share(d.Value.Alone, d.Value.Products),
            Share(d.Value.Realgram, d.Value.Products), Share(d.Value.Final, d.Value.Products))).ToList(),
    };

    private int Right(Way way) => _right.GetValueOrDefault(way);

    private double Top1(Way way) => Share(Right(way), _products);

    private double Flicker(Way way) => Share(_flickers.GetValueOrDefault(way), _consecutivePairs);

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

/// <summary>A predicted product box and the SKU code each way of deciding named (null: none, or unknown).</summary>
/// <param name="Unknown">The box was answered unknown on looks alone: neither looks alone nor the realgram names a SKU.</param>
/// <remarks>A way whose SKU is not set names what the realgram named (so a run without tracking or ranker scores them as the realgram).</remarks>
public sealed record PredictedBox(BoundingBox Box, string? SkuAlone, string? SkuWithRealgram, bool Unknown = false)
{
    public string? SkuRealgramMerge { get; init; }
    public string? SkuFinal { get; init; }
    public string? SkuTrackingOff { get; init; }
    public string? SkuRankerOff { get; init; }

    /// <summary>Whether the final, tracking-off, ranker-off and merge SKUs were given (else they fall back to the realgram's).</summary>
    public bool HasStages { get; init; }

    public string? SkuOf(RealgramEvaluator.Way way) => way switch
    {
        RealgramEvaluator.Way.Alone => SkuAlone,
        RealgramEvaluator.Way.Realgram => SkuWithRealgram,
        _ when !HasStages => SkuWithRealgram,
        RealgramEvaluator.Way.RealgramMerge => SkuRealgramMerge,
        RealgramEvaluator.Way.Final => SkuFinal,
        RealgramEvaluator.Way.TrackingOff => SkuTrackingOff,
        RealgramEvaluator.Way.RankerOff => SkuRankerOff,
        _ => throw new ArgumentOutOfRangeException(nameof(way)),
    };
}

/// <summary>Whole-pipeline top-1 without and with the realgram (see <see cref="RealgramEvaluator"/>).</summary>
/// <param name="Captures">Photos scored.</param>
/// <param name="Products">Labelled products of catalog SKUs in them.</param>
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
    int CapturesWithHistory, double Top1WithoutRealgramWithHistory, double Top1WithRealgramWithHistory, int UnknownAnswers = 0)
{
    /// <summary>Top-1 with the realgram when each SKU's coefficient comes from its max-count annotation set only.</summary>
    public double Top1RealgramMerge { get; init; }

    /// <summary>Top-1 with everything on: realgram, second-level ranker, tracking.</summary>
    public double Top1Final { get; init; }

    public double Top1TrackingOff { get; init; }
    public double Top1RankerOff { get; init; }
    public double Top1FinalWithHistory { get; init; }

    /// <summary>Pairs of consecutive photos in which a labelled facing kept its SKU and place (and was found both times).</summary>
    public int ConsecutivePairs { get; init; }

    public double FlickerRateLooksAlone { get; init; }
    public double FlickerRateRealgram { get; init; }
    public double FlickerRateTrackingOff { get; init; }
    public double FlickerRateFinal { get; init; }

    /// <summary>Flicker of the final answer over the pairs whose earlier photo already had the shelf's annotations (past the cold start).</summary>
    public double FlickerRateFinalWithHistory { get; init; }

    public double FlickerRateRankerOff { get; init; }

    /// <summary>
    /// Flicker of the final answer against what the portal showed for the earlier photo: an annotated photo shows the
    /// annotator's SKUs, so the first photo after an annotation flickers only where it disagrees with the annotator.
    /// </summary>
    public double FlickerRateFinalAsShown { get; init; }

    /// <summary>Labelled products outside the catalog (left out of top-1).</summary>
    public int NotInCatalogProducts { get; init; }

    /// <summary>Share of them answered unknown on looks alone / in the end.</summary>
    public double NotInCatalogUnknownAlone { get; init; }

    public double NotInCatalogUnknownFinal { get; init; }

    /// <summary>Top-1 per day of the histories (days counted from each shelf's first photo).</summary>
    public IReadOnlyList<DayTop1> Top1ByDay { get; init; } = [];
}

/// <summary>Top-1 of one day of the histories, three ways.</summary>
public sealed record DayTop1(int Day, int Products, double LooksAlone, double Realgram, double Final);
