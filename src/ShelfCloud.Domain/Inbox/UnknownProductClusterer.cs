using ShelfCloud.Domain.Recognition;

namespace ShelfCloud.Domain.Inbox;

/// <summary>A group as the clusterer sees it: its mean look and size; <see cref="IsNew"/> when this run opened it.</summary>
public sealed class ClusterState(Guid id, float[] centroid, int members, bool isNew = false)
{
    public Guid Id { get; } = id;
    public float[] Centroid { get; private set; } = centroid;
    public int Members { get; private set; } = members;
    public bool IsNew { get; } = isNew;
    public bool Changed { get; private set; } = isNew;

    internal void Add(float[] embedding)
    {
        var weight = Math.Min(Members, UnknownProductClusterer.MaxCentroidWeight);
        var mean = new float[Centroid.Length];
        double norm = 0;
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = Centroid[i] * weight + embedding[i];
            norm += mean[i] * mean[i];
        }

        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0;
        for (var i = 0; i < mean.Length; i++)
            mean[i] *= scale;
        Centroid = mean;
        Members++;
        Changed = true;
    }
}

/// <summary>
/// Groups unknown crops incrementally, one at a time: a crop joins the open group whose mean look is closest, when the
/// cosine is at least <see cref="Threshold"/>, and opens a new group otherwise. Incremental (no re-clustering of the
/// past) so the inbox stays stable while captures keep coming.
/// </summary>
public sealed class UnknownProductClusterer(double threshold = UnknownProductClusterer.DefaultThreshold)
{
    /// <summary>Cosine to a group's mean look from which a crop joins it.</summary>
    public const double DefaultThreshold = 0.9;

    /// <summary>The mean look moves less once a group is this large, so a few stray crops cannot drag it elsewhere.</summary>
    internal const int MaxCentroidWeight = 50;

    public double Threshold => threshold;

    /// <summary>The group <paramref name="embedding"/> joins (added to <paramref name="groups"/> when new).</summary>
    public ClusterState Assign(List<ClusterState> groups, float[] embedding, Func<Guid>? newId = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(embedding);
        ClusterState? best = null;
        var bestCosine = double.MinValue;
        foreach (var group in groups)
        {
            if (group.Centroid.Length != embedding.Length)
                continue;
            var cosine = Recognition.Tracking.FacingTracker.Cosine(group.Centroid, embedding);
            if (cosine > bestCosine)
                (best, bestCosine) = (group, cosine);
        }

        if (best is not null && bestCosine >= threshold)
        {
            best.Add(embedding);
            return best;
        }

        var opened = new ClusterState((newId ?? Guid.NewGuid)(), embedding, 1, isNew: true);
        groups.Add(opened);
        return opened;
    }

    /// <summary>The state of a stored group.</summary>
    public static ClusterState From(UnknownProductGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new ClusterState(group.Id, Int8Vector.Decode(group.Centroid), group.Members);
    }
}
