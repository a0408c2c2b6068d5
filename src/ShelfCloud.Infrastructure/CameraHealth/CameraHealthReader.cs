using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.CameraHealth;

/// <summary>A camera's health: ok, needs attention (its photos are poor), or offline (no photo for two intervals).</summary>
public enum CameraHealthState
{
    Ok,
    Attention,
    Offline,
}

/// <summary>One recent photo of a camera with its quality.</summary>
public sealed record CameraPhoto(Guid CaptureId, DateTimeOffset TakenAt, CaptureQualityStatus Quality, IReadOnlyList<string> Issues);

/// <summary>A camera with its state, why, and its latest recognised photos (newest first).</summary>
public sealed record CameraHealthRow(
    Guid CameraId, string Name, string StoreName, string ShelfName, DateTimeOffset? LastSeenAt, CameraHealthState State,
    IReadOnlyList<string> Reasons, IReadOnlyList<CameraPhoto> Recent);

/// <summary>
/// The camera health page's read: every camera of the tenant, offline when it sent nothing for two of its capture
/// intervals, needing attention when its latest recognised photo is poor (the reasons are that photo's issues and how many
/// of its recent photos were poor), ok otherwise.
/// </summary>
public sealed class CameraHealthReader(IDbContextFactory<ShelfCloudDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Recent photos shown per camera.</summary>
    public const int RecentPhotos = 12;

    public async Task<IReadOnlyList<CameraHealthRow>> ListAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cameras = await db.Cameras.AsNoTracking().Where(c => !c.IsRevoked)
            .OrderBy(c => c.Shelf!.Store!.Name).ThenBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, StoreName = c.Shelf!.Store!.Name, ShelfName = c.Shelf.Name, c.LastSeenAt, c.CaptureIntervalMinutes })
            .ToListAsync(ct);
        var rows = new List<CameraHealthRow>(cameras.Count);
        foreach (var camera in cameras)
        {
            var recent = (await db.Captures.AsNoTracking()
                    .Where(c => c.CameraId == camera.Id && c.Status == CaptureStatus.Recognized)
                    .OrderByDescending(c => c.TakenAt).Take(RecentPhotos)
                    .Select(c => new { c.Id, c.TakenAt, c.QualityStatus, c.QualityIssues })
                    .ToListAsync(ct))
                .Select(c => new CameraPhoto(c.Id, c.TakenAt, c.QualityStatus, c.QualityIssues?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? []))
                .ToList();
            var (state, reasons) = Judge(CameraPresence.IsOnline(camera.LastSeenAt, camera.CaptureIntervalMinutes, now), camera.LastSeenAt, now, recent);
            rows.Add(new CameraHealthRow(camera.Id, camera.Name, camera.StoreName, camera.ShelfName, camera.LastSeenAt, state, reasons, recent));
        }

        return rows;
    }

    private static (CameraHealthState, IReadOnlyList<string>) Judge(bool online, DateTimeOffset? lastSeenAt, DateTimeOffset now, IReadOnlyList<CameraPhoto> recent)
    {
        if (!online)
            return (CameraHealthState.Offline, [lastSeenAt is { } seen ? $"no photo for {Math.Round((now - seen).TotalMinutes)} min" : "never sent a photo"]);
        if (recent.Count == 0 || recent[0].Quality != CaptureQualityStatus.Poor)
            return (CameraHealthState.Ok, []);
        var poor = recent.Count(p => p.Quality == CaptureQualityStatus.Poor);
        return (CameraHealthState.Attention, [.. recent[0].Issues, $"{poor} of its last {recent.Count} photos poor"]);
    }
}
