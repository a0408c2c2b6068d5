using ShelfCloud.Domain.Recognition;

namespace ShelfCloud.Vision.Recognition;

/// <summary>What the realgram needs to know about the shelf an image shows.</summary>
/// <param name="Annotations">The shelf's annotations; those outside the tenant's window are ignored by the scorer.</param>
/// <param name="CapturedAt">When the image was taken: annotation ages are measured from here.</param>
public sealed record ShelfContext(IReadOnlyList<ShelfAnnotation> Annotations, DateTimeOffset CapturedAt);
