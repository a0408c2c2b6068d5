using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Domain.Models;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Models;

namespace ShelfCloud.Infrastructure.Jobs;

/// <summary>A failed capture as the jobs page lists it.</summary>
public sealed record FailedCapture(Guid Id, DateTimeOffset TakenAt, int Attempts, string? Reason);

/// <summary>The tenant's reference images by state, and how many are in the index of the active embedder.</summary>
/// <param name="Pending">Waiting for their first indexing.</param>
/// <param name="Indexed">In the index (with any embedder).</param>
/// <param name="Failed">Cannot be indexed (undecodable, blob missing).</param>
/// <param name="CurrentEmbedder">Indexed with the active embedder; the re-index is done when this equals <see cref="Indexed"/>.</param>
public sealed record ReferenceProgress(int Pending, int Indexed, int Failed, int CurrentEmbedder)
{
    /// <summary>Indexed images whose vectors come from an older embedder.</summary>
    public int Stale => Indexed - CurrentEmbedder;
}

/// <summary>A model the platform has seen, and whether it is the active one of its kind.</summary>
public sealed record ModelInUse(ModelKind Kind, string Name, string Version, string Sha256, int? EmbeddingDimension, bool IsActive, DateTimeOffset CreatedAt);

/// <summary>Everything the jobs page shows for one tenant.</summary>
public sealed record JobProgressReport(
    IReadOnlyDictionary<CaptureStatus, int> Captures,
    int Retrying,
    IReadOnlyList<FailedCapture> LatestFailures,
    ReferenceProgress References,
    IReadOnlyList<ModelInUse> Models,
    string? ModelProblem);

/// <summary>Reads the current tenant's job progress: captures by status, recent failures, reference indexing and models.</summary>
public sealed class JobProgressReader(IDbContextFactory<ShelfCloudDbContext> dbFactory, RecognitionModels engine)
{
    /// <summary>How many failures the report lists.</summary>
    public const int FailureCount = 20;

    /// <summary>The report; <see cref="JobProgressReport.ModelProblem"/> is this node's view of the models.</summary>
    public async Task<JobProgressReport> ReadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byStatus = await db.Captures.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var captures = Enum.GetValues<CaptureStatus>().ToDictionary(s => s, s => byStatus.SingleOrDefault(g => g.Key == s)?.Count ?? 0);
        var retrying = await db.Captures.CountAsync(c => c.Status == CaptureStatus.Processing && c.FailureReason != null, ct);
        var failures = await db.Captures.Where(c => c.Status == CaptureStatus.Failed)
            .OrderByDescending(c => c.ReceivedAt).Take(FailureCount)
            .Select(c => new FailedCapture(c.Id, c.TakenAt, c.Attempts, c.FailureReason)).ToListAsync(ct);

        var models = await db.ModelVersions.AsNoTracking().OrderByDescending(m => m.IsActive).ThenByDescending(m => m.CreatedAt).Take(20)
            .Select(m => new ModelInUse(m.Kind, m.Name, m.Version, m.Sha256, m.EmbeddingDimension, m.IsActive, m.CreatedAt)).ToListAsync(ct);
        var activeEmbedder = await db.ModelVersions.Where(m => m.Kind == ModelKind.Embedder && m.IsActive).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
        var references = await db.ReferenceImages.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var current = activeEmbedder is { } id
            ? await db.ReferenceImages.CountAsync(r => r.Status == ReferenceImageStatus.Indexed && r.EmbedderModelId == id, ct)
            : 0;
        int Count(ReferenceImageStatus status) => references.SingleOrDefault(g => g.Key == status)?.Count ?? 0;

        return new JobProgressReport(
            captures, retrying, failures,
            new ReferenceProgress(Count(ReferenceImageStatus.Pending), Count(ReferenceImageStatus.Indexed), Count(ReferenceImageStatus.Failed), current),
            models, engine.Problem);
    }
}
