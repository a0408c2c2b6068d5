using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition.Tracking;

/// <summary>
/// Follows a camera's facings from capture to capture: a facing continues the track whose last box it overlaps and
/// whose look it shares; the track sums the captures' votes with decay, and its label changes only when another SKU's
/// evidence beats it by <see cref="TrackingSettings.SwitchMargin"/> — so one unlucky photo does not flip a label, and
/// a product replaced at the same place (a different look) starts a new track at once. Whether the facing is a catalog
/// product at all is decided the same way, on the decayed mean of its photos' open-set margins.
/// </summary>
public sealed class FacingTracker(TrackingSettings settings)
{
    /// <summary>The settings it tracks with.</summary>
    public TrackingSettings Settings => settings;

    /// <summary>The evidence key of "a product outside the catalog".</summary>
    public static readonly Guid UnknownKey = Guid.Empty;

    private const int MaxLookWeight = 5;

    /// <summary>
    /// Matches this capture's facings to the previous tracks and updates them. Returns one answer per observation (same
    /// order) and the tracks to carry into the next capture (those seen now and those missed no more than allowed).
    /// </summary>
    /// <param name="matches">What <see cref="Match"/> answered for these observations; matched again when null.</param>
    public (IReadOnlyList<TrackedFacing> Facings, IReadOnlyList<FacingTrack> Carried) Step(
        IReadOnlyList<FacingTrack> previous, IReadOnlyList<FacingObservation> observations, DateTimeOffset capturedAt,
        IReadOnlyList<int?>? matches = null, Func<Guid>? newId = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(observations);
        newId ??= Guid.NewGuid;
        matches ??= Match(previous, observations.Select(o => (o.Box, o.Embedding)).ToList());
        var facings = new TrackedFacing[observations.Count];
        for (var i = 0; i < observations.Count; i++)
        {
            facings[i] = matches[i] is { } t
                ? Continue(previous[t], observations[i])
                : Start(observations[i], capturedAt, newId());
        }

        var seen = matches.OfType<int>().ToHashSet();
        var carried = facings.Select(f => f.Track)
            .Concat(previous.Where((_, t) => !seen.Contains(t)).Select(t => t with { Missed = t.Missed + 1 }).Where(t => t.Missed <= settings.MaxMissedCaptures))
            .ToList();
        return (facings, carried);
    }

    /// <summary>
    /// Which previous track each facing continues (an index into <paramref name="previous"/>; null: a new track):
    /// greedy one-to-one matching, best IoU first, among pairs that pass both the overlap and the look gate.
    /// </summary>
    public int?[] Match(IReadOnlyList<FacingTrack> previous, IReadOnlyList<(BoundingBox Box, float[] Embedding)> observations)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(observations);
        var pairs = new List<(int Track, int Observation, float IoU)>();
        for (var t = 0; t < previous.Count; t++)
        {
            for (var o = 0; o < observations.Count; o++)
            {
                var iou = previous[t].Box.IoU(observations[o].Box);
                if (iou >= settings.MinIoU && Cosine(previous[t].Look, observations[o].Embedding) >= settings.MinAppearance)
                    pairs.Add((t, o, iou));
            }
        }

        var matches = new int?[observations.Count];
        var used = new HashSet<int>();
        foreach (var (track, observation, _) in pairs.OrderByDescending(p => p.IoU))
        {
            if (matches[observation] is null && used.Add(track))
                matches[observation] = track;
        }

        return matches;
    }

    /// <summary>
    /// Takes in the newest annotated capture before <paramref name="before"/>: each track that already stood there and
    /// has not seen that confirmation yet takes the annotated SKU of the box it overlaps most (IoU at least
    /// <see cref="TrackingSettings.MinIoU"/>), with the evidence a track gathers from steady votes, and counts as a
    /// catalog product. Without it a track that started wrong (the cold start, a new product) keeps arguing its way to
    /// the right SKU one photo at a time after the annotator has already said which it is.
    /// </summary>
    public IReadOnlyList<FacingTrack> Confirm(IReadOnlyList<FacingTrack> tracks, IReadOnlyList<ShelfAnnotation> annotations, DateTimeOffset before)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(annotations);
        var earlier = annotations.Where(a => a.CapturedAt < before).ToList();
        if (earlier.Count == 0 || tracks.Count == 0)
            return tracks;
        var newest = earlier.MaxBy(a => a.CapturedAt)!.CaptureId;
        var confirmed = earlier.Where(a => a.CaptureId == newest).ToList();
        var confirmedAt = confirmed[0].CapturedAt;
        var steadyEvidence = 1 / (1 - Math.Min(settings.Decay, 0.95));
        var result = tracks.ToList();
        var pairs = new List<(int Track, int Annotation, float IoU)>();
        for (var t = 0; t < result.Count; t++)
        {
            if (result[t].Since > confirmedAt || result[t].ConfirmedAt >= confirmedAt)
                continue;
            for (var a = 0; a < confirmed.Count; a++)
            {
                var iou = result[t].Box.IoU(confirmed[a].Box);
                if (iou >= settings.MinIoU)
                    pairs.Add((t, a, iou));
            }
        }

        var usedTracks = new HashSet<int>();
        var usedAnnotations = new HashSet<int>();
        foreach (var (track, annotation, _) in pairs.OrderByDescending(p => p.IoU))
        {
            if (!usedTracks.Add(track) || !usedAnnotations.Add(annotation))
                continue;
            var sku = confirmed[annotation].SkuId;
            result[track] = result[track] with
            {
                SkuId = sku,
                Evidence = new Dictionary<Guid, double> { [sku] = steadyEvidence },
                OpenSet = result[track].OpenSet?.Confirmed(settings.UnknownOffset, settings.UnknownHysteresis),
                ConfirmedAt = confirmedAt,
            };
        }

        return result;
    }

    private TrackedFacing Start(FacingObservation observation, DateTimeOffset capturedAt, Guid id)
    {
        var evidence = Votes(observation);
        var label = Best(evidence);
        var openSet = observation.OpenSetMargin is { } margin ? OpenSetEvidence.Start(margin, settings.UnknownOffset) : null;
        return new TrackedFacing(
            new FacingTrack(id, observation.Box, observation.Embedding, SkuOf(label), capturedAt, evidence, 1, 0, openSet), false, null);
    }

    private TrackedFacing Continue(FacingTrack track, FacingObservation observation)
    {
        var evidence = track.Evidence.ToDictionary(e => e.Key, e => e.Value * settings.Decay);
        foreach (var (key, probability) in Votes(observation))
            evidence[key] = evidence.GetValueOrDefault(key) + probability;

        var best = Best(evidence);
        var current = track.SkuId ?? UnknownKey;
        var label = evidence.GetValueOrDefault(best) > evidence.GetValueOrDefault(current) + settings.SwitchMargin ? best : current;
        var own = observation.Votes.Count == 0 ? (SkuVote?)null : observation.Votes.MaxBy(v => v.Probability);
        var keptAgainst = own is { } vote && (vote.SkuId ?? UnknownKey) != label ? own : null;
        var weight = Math.Min(track.Observations, MaxLookWeight);
        var updated = track with
        {
            Box = observation.Box,
            Look = MeanLook(track.Look, weight, observation.Embedding),
            SkuId = SkuOf(label),
            Evidence = evidence,
            Observations = track.Observations + 1,
            Missed = 0,
            OpenSet = observation.OpenSetMargin is { } margin
                ? track.OpenSet?.Add(margin, settings.Decay, settings.UnknownOffset, settings.UnknownHysteresis) ?? OpenSetEvidence.Start(margin, settings.UnknownOffset)
                : track.OpenSet,
        };
        return new TrackedFacing(updated, true, keptAgainst);
    }

    private static Dictionary<Guid, double> Votes(FacingObservation observation)
    {
        var votes = new Dictionary<Guid, double>();
        foreach (var vote in observation.Votes)
        {
            var key = vote.SkuId ?? UnknownKey;
            votes[key] = votes.GetValueOrDefault(key) + vote.Probability;
        }

        return votes;
    }

    private static Guid Best(IReadOnlyDictionary<Guid, double> evidence) =>
        evidence.Count == 0 ? UnknownKey : evidence.OrderByDescending(e => e.Value).ThenBy(e => e.Key).First().Key;

    private static Guid? SkuOf(Guid key) => key == UnknownKey ? null : key;

    private static float[] MeanLook(float[] look, int weight, float[] embedding)
    {
        if (look.Length != embedding.Length)
            return embedding;
        var mean = new float[look.Length];
        double norm = 0;
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = look[i] * weight + embedding[i];
            norm += mean[i] * mean[i];
        }

        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
        for (var i = 0; i < mean.Length; i++)
            mean[i] *= scale;
        return mean;
    }

    /// <summary>Cosine of two vectors (the looks are L2-normalised, so their dot product).</summary>
    public static double Cosine(float[] a, float[] b)
    {
        if (a.Length != b.Length || a.Length == 0)
            return 0;
        double dot = 0;
        for (var i = 0; i < a.Length; i++)
            dot += a[i] * b[i];
        return dot;
    }
}
