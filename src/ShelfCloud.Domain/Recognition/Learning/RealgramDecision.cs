using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition.Learning;

/// <summary>
/// One annotator decision as the realgram search replays it: the crop's box and visual candidates when it was
/// recognised, the SKU the annotator gave it, and the shelf's annotations from before that capture.
/// </summary>
public sealed record RealgramDecision(
    BoundingBox Box, DateTimeOffset TakenAt, IReadOnlyList<VisualCandidate> Candidates, Guid RightSkuId, IReadOnlyList<ShelfAnnotation> ShelfHistory);
