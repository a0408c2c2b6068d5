using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Captures;

/// <summary>An annotator's decision: this box on this shelf shows this SKU. Feeds the realgram and the search space.</summary>
public sealed class Annotation : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ShelfId { get; set; }
    public Guid CaptureId { get; set; }
    public long? DetectionId { get; set; }
    public Guid SkuId { get; set; }
    public float X1 { get; set; }
    public float Y1 { get; set; }
    public float X2 { get; set; }
    public float Y2 { get; set; }
    public DateTimeOffset CapturedAt { get; set; }
    public DateTimeOffset AnnotatedAt { get; set; }
    public string? AnnotatorUserId { get; set; }

    /// <summary>True when the annotator accepted the prediction unchanged.</summary>
    public bool AcceptedPrediction { get; set; }

    /// <summary>
    /// The embedder (a <c>ModelVersion</c>) whose embedding of the confirmed crop is in the tenant's search space; null
    /// while it is not embedded yet. Another active embedder means the crop is embedded again (re-indexing).
    /// </summary>
    public Guid? EmbedderModelId { get; set; }

    public BoundingBox Box => new(X1, Y1, X2, Y2);
}
