using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition;

/// <summary>The fused ranking of one crop, best final score first.</summary>
public sealed class RealgramResult(IReadOnlyList<RankedCandidate> candidates)
{
    /// <summary>Candidates ordered by final score, best first.</summary>
    public IReadOnlyList<RankedCandidate> Candidates { get; } = candidates;

    /// <summary>The top-1 candidate; null when there was nothing to rank.</summary>
    public RankedCandidate? Prediction => Candidates.Count == 0 ? null : Candidates[0];

    /// <summary>The candidates in their persisted shape, in the same order.</summary>
    public List<DetectionCandidate> ToDetectionCandidates() =>
        Candidates.Select(c => c.ToDetectionCandidate()).ToList();
}
