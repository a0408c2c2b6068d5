using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Captures;

/// <summary>One photo of one shelf, and the record of its progress through the pipeline.</summary>
public sealed class Capture : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid CameraId { get; set; }
    public Guid ShelfId { get; set; }
    public Guid StoreId { get; set; }
    public required string BlobName { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string? IdempotencyKey { get; set; }
    public CaptureStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? FailureReason { get; set; }
    public Guid? DetectorModelId { get; set; }
    public Guid? EmbedderModelId { get; set; }
    public DateTimeOffset? RecognizedAt { get; set; }

    /// <summary>Whether the photo can be trusted as evidence (blur, darkness, a covered or moved camera, a repeated frame).</summary>
    public CaptureQualityStatus QualityStatus { get; set; }

    /// <summary>The issues found, comma-separated (<see cref="CaptureQualityIssue"/>); null when none or unmeasured.</summary>
    public string? QualityIssues { get; set; }

    /// <summary>The figures of the quality check as JSON (brightness, contrast, sharpness, overexposed, shift).</summary>
    public string? QualityFigures { get; set; }

    /// <summary>Optimistic-concurrency token: claims of pending captures race on it.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<Detection> Detections { get; set; } = [];
}
