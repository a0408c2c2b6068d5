using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Inbox;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Inbox;

/// <summary>
/// The current tenant's open unknown-product groups while one batch of captures is recorded: each crop answered
/// unknown joins a group (<see cref="UnknownProductClusterer"/>), and the groups it opened or grew are written in the
/// same unit of work as the detections.
/// </summary>
public sealed class UnknownProductInbox
{
    private readonly UnknownProductClusterer _clusterer;
    private readonly List<ClusterState> _groups;
    private readonly Dictionary<Guid, (DateTimeOffset First, DateTimeOffset Last)> _seen = [];

    private UnknownProductInbox(UnknownProductClusterer clusterer, List<ClusterState> groups)
    {
        _clusterer = clusterer;
        _groups = groups;
    }

    public static async Task<UnknownProductInbox> LoadAsync(ShelfCloudDbContext db, CancellationToken ct, double threshold = UnknownProductClusterer.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = await db.UnknownProductGroups.AsNoTracking().Where(g => g.Status == UnknownGroupStatus.Open).ToListAsync(ct);
        return new UnknownProductInbox(new UnknownProductClusterer(threshold), open.Select(UnknownProductClusterer.From).ToList());
    }

    /// <summary>The group an unknown crop seen at <paramref name="seenAt"/> joins.</summary>
    public Guid Assign(float[] embedding, DateTimeOffset seenAt)
    {
        var group = _clusterer.Assign(_groups, embedding);
        _seen[group.Id] = _seen.TryGetValue(group.Id, out var seen)
            ? (seenAt < seen.First ? seenAt : seen.First, seenAt > seen.Last ? seenAt : seen.Last)
            : (seenAt, seenAt);
        return group.Id;
    }

    /// <summary>Adds the groups this batch opened and updates those it grew (in the caller's unit of work).</summary>
    public void WriteTo(ShelfCloudDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var group in _groups.Where(g => g.Changed))
        {
            var (first, last) = _seen[group.Id];
            if (group.IsNew)
            {
                db.UnknownProductGroups.Add(new UnknownProductGroup
                {
                    Id = group.Id, Centroid = Int8Vector.Encode(group.Centroid), Members = group.Members, FirstSeenAt = first, LastSeenAt = last,
                });
                continue;
            }

            var stored = db.UnknownProductGroups.Local.FirstOrDefault(g => g.Id == group.Id) ?? db.UnknownProductGroups.FirstOrDefault(g => g.Id == group.Id);
            if (stored is null || stored.Status != UnknownGroupStatus.Open)
                continue;
            stored.Centroid = Int8Vector.Encode(group.Centroid);
            stored.Members = group.Members;
            stored.FirstSeenAt = first < stored.FirstSeenAt ? first : stored.FirstSeenAt;
            stored.LastSeenAt = last > stored.LastSeenAt ? last : stored.LastSeenAt;
        }
    }
}
