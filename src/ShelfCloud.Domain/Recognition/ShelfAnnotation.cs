using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition;

/// <summary>
/// One annotated product on a shelf, as the realgram sees it: which SKU, where, and in which capture.
/// Independent of the persistence entity so the algorithm can be fed from any source.
/// </summary>
public sealed record ShelfAnnotation(Guid SkuId, BoundingBox Box, DateTimeOffset CapturedAt, Guid CaptureId)
{
    /// <summary>Maps a stored <see cref="Annotation"/> onto the realgram's input.</summary>
    public static ShelfAnnotation From(Annotation annotation) =>
        new(annotation.SkuId, annotation.Box, annotation.CapturedAt, annotation.CaptureId);
}
