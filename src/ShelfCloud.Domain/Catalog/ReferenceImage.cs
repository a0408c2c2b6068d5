using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Catalog;

public enum ReferenceImageStatus
{
    Pending,
    Indexed,
    Failed,
}

/// <summary>A packshot or crop of a SKU whose embedding joins the tenant's search space (cold start).</summary>
public sealed class ReferenceImage : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid SkuId { get; set; }
    public required string BlobName { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public ReferenceImageStatus Status { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public DateTimeOffset? IndexedAt { get; set; }

    /// <summary>The embedder (<see cref="Models.ModelVersion"/>) whose vector of this image is in the index; null until indexed.</summary>
    public Guid? EmbedderModelId { get; set; }

    /// <summary>Why the image could not be indexed (undecodable, blob missing); null otherwise.</summary>
    public string? FailureReason { get; set; }
}
