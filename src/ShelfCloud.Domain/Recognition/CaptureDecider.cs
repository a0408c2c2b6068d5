using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Recognition.Tracking;

namespace ShelfCloud.Domain.Recognition;

/// <summary>One recognised facing of a capture, before the final choice.</summary>
/// <param name="Box">The detection's box.</param>
/// <param name="Embedding">The crop's L2-normalised embedding.</param>
/// <param name="Candidates">Visual top-K fused with the realgram, best final score first.</param>
/// <param name="Unknown">The open-set rule found no SKU close enough.</param>
/// <param name="OpenSetMargin">Best visual similarity minus the open-set threshold; null when no open-set rule applies.</param>
public sealed record FacingInput(BoundingBox Box, float[] Embedding, IReadOnlyList<RankedCandidate> Candidates, bool Unknown, double? OpenSetMargin = null);

/// <summary>The final choice for one facing and what each stage contributed.</summary>
/// <param name="SkuId">The prediction; null when the facing is answered unknown.</param>
/// <param name="RealgramSkuId">The realgram's first candidate (null when unknown).</param>
/// <param name="RankerSkuId">The ranker's choice before tracking (null when unknown).</param>
/// <param name="Probabilities">The ranker's probability per candidate (first <see cref="RankerFeatures.MaxCandidates"/>, in order).</param>
/// <param name="Tracked">The facing's track after this capture; null when tracking is off.</param>
/// <param name="Features">The ranker's feature rows for the candidates (empty when unknown): recorded to learn from.</param>
public sealed record FacingDecision(Guid? SkuId, Guid? RealgramSkuId, Guid? RankerSkuId, double[] Probabilities, TrackedFacing? Tracked, double[][] Features)
{
    /// <summary>True when the facing is answered unknown.</summary>
    public bool Unknown => SkuId is null;
}

/// <summary>
/// The last steps of recognition for one capture of a camera: the second-level ranker chooses among each facing's
/// candidates (looking at the realgram, the facing's track and its neighbours), then tracking keeps a facing's label
/// steady across captures. Either can be left out (null), which is how the evaluation measures what each adds.
/// </summary>
public sealed class CaptureDecider(ICandidateRanker? ranker, FacingTracker? tracker)
{
    private static readonly RealgramOrderRanker Fallback = new();

    /// <summary>The ranker in use: the trained one or the realgram's order.</summary>
    public ICandidateRanker Ranker { get; } = ranker ?? Fallback;

    /// <param name="facings">The capture's facings.</param>
    /// <param name="previous">The tracks carried from the camera's previous capture (empty for the first).</param>
    /// <param name="productList">The SKUs the shelf's annotations in the realgram window hold.</param>
    /// <param name="capturedAt">When the capture was taken.</param>
    /// <param name="annotations">The shelf's annotations: the newest annotated capture before this one confirms the tracks' SKUs.</param>
    /// <returns>One decision per facing (same order) and the tracks to carry into the next capture.</returns>
    public (IReadOnlyList<FacingDecision> Decisions, IReadOnlyList<FacingTrack> Carried) Decide(
        IReadOnlyList<FacingInput> facings, IReadOnlyList<FacingTrack> previous, IReadOnlySet<Guid> productList, DateTimeOffset capturedAt,
        IReadOnlyList<ShelfAnnotation>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(facings);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(productList);
        if (tracker is not null && annotations is { Count: > 0 })
            previous = tracker.Confirm(previous, annotations, capturedAt);
        var neighbours = ShelfNeighbours.Of(facings.Select(f => f.Box).ToList());
        var matches = tracker?.Match(previous, facings.Select(f => (f.Box, f.Embedding)).ToList()) ?? new int?[facings.Count];
        var realgramFirst = facings.Select(f => f.Unknown || f.Candidates.Count == 0 ? (Guid?)null : f.Candidates[0].SkuId).ToArray();
        var probabilities = new double[facings.Count][];
        var features = new double[facings.Count][][];
        var rankerFirst = new Guid?[facings.Count];
        var observations = new FacingObservation[facings.Count];
        for (var i = 0; i < facings.Count; i++)
        {
            var facing = facings[i];
            var track = matches[i] is { } t ? previous[t] : null;
            var context = new FacingContext(facing.Candidates, track, neighbours[i].Select(n => realgramFirst[n]).OfType<Guid>().ToList(), productList);
            var ranked = facing.Candidates.Count == 0 ? [] : Ranker.Probabilities(context);
            probabilities[i] = facing.Unknown ? [] : ranked;
            features[i] = facing.Unknown ? [] : RankerFeatures.For(context);
            rankerFirst[i] = probabilities[i].Length == 0 ? null : facing.Candidates[Array.IndexOf(probabilities[i], probabilities[i].Max())].SkuId;
            observations[i] = new FacingObservation(facing.Box, facing.Embedding, Votes(facing, ranked), facing.OpenSetMargin);
        }

        if (tracker is null)
        {
            return (facings.Select((_, i) => new FacingDecision(rankerFirst[i], realgramFirst[i], rankerFirst[i], probabilities[i], null, features[i])).ToList(), []);
        }

        var (tracked, carried) = tracker.Step(previous, observations, capturedAt, matches);
        var decisions = facings.Select((_, i) => new FacingDecision(tracked[i].SkuId, realgramFirst[i], rankerFirst[i], probabilities[i], tracked[i], features[i])).ToList();
        return (decisions, carried);
    }

    /// <summary>
    /// The facing's vote over SKUs: the ranker's probabilities, also for a photo answered unknown (whether the facing is
    /// unknown is the track's open-set evidence's call); "unknown" only without candidates or without an open-set margin.
    /// </summary>
    private static List<SkuVote> Votes(FacingInput facing, double[] probabilities) =>
        probabilities.Length == 0 || (facing.Unknown && facing.OpenSetMargin is null)
            ? [new SkuVote(null, 1)]
            : probabilities.Select((p, c) => new SkuVote(facing.Candidates[c].SkuId, p)).ToList();
}
