using ShelfCloud.Domain.Recognition.Tracking;

namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>Everything the second-level ranker looks at for one facing.</summary>
/// <param name="Candidates">The fused candidates, best final score first (visual top-K plus the realgram's additions).</param>
/// <param name="Track">The track this facing continues; null when tracking is off or it starts a new one.</param>
/// <param name="NeighbourSkus">The realgram's first SKU of the facings left and right of it on the same row.</param>
/// <param name="ProductList">The SKUs the shelf's annotations in the window hold.</param>
public sealed record FacingContext(
    IReadOnlyList<RankedCandidate> Candidates,
    FacingTrack? Track,
    IReadOnlyList<Guid> NeighbourSkus,
    IReadOnlySet<Guid> ProductList);
