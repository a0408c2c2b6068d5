using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Captures;

/// <summary>One back-fill of a tenant's recent captures: why it ran, how far it got, what it changed.</summary>
public sealed class BackfillRun : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }

    /// <summary>What asked for it: <c>cli</c>, <c>portal</c>, <c>inbox</c>.</summary>
    public string Trigger { get; set; } = "";

    public int Days { get; set; }
    public Guid? ShelfId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int CapturesTotal { get; set; }
    public int CapturesDone { get; set; }

    /// <summary>Detections whose answer changed so far.</summary>
    public int Changed { get; set; }

    public string? Error { get; set; }
}
