using ShelfCloud.Domain.Inbox;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>What kind of product a crop shows, for the inbox figures.</summary>
public enum CropKind
{
    /// <summary>A SKU of the catalog.</summary>
    Catalog,

    /// <summary>A SKU taken out of the catalog for the evaluation (it should reach the inbox).</summary>
    Removed,

    /// <summary>A product the history keeps outside the catalog from the start.</summary>
    Stranger,
}

/// <summary>
/// Scores the unknown-product inbox on a recognised history: crops arrive in time order; those answered unknown are
/// grouped as the product groups them (<see cref="UnknownProductClusterer"/>); the figures say how many crops of the SKUs
/// taken out of the catalog reach the inbox, how many of those sit in groups holding one product, and — after naming
/// each group whose majority is such a SKU — how many of their crops, the earlier ones included, a back-fill now names right.
/// </summary>
public sealed class InboxEvaluator(double threshold)
{
    private readonly UnknownProductClusterer _clusterer = new(threshold);
    private readonly List<ClusterState> _groups = [];
    private readonly List<(Guid Group, string Class, CropKind Kind, float[] Embedding)> _members = [];
    private readonly Dictionary<CropKind, (int Crops, int Unknown)> _counts = [];

    /// <summary>One crop, in time order.</summary>
    /// <param name="label">The class (SKU code) the crop shows.</param>
    public void Add(string label, CropKind kind, bool answeredUnknown, float[]? embedding)
    {
        var (crops, unknown) = _counts.GetValueOrDefault(kind);
        var reached = answeredUnknown && embedding is { Length: > 0 };
        _counts[kind] = (crops + 1, unknown + (reached ? 1 : 0));
        if (!reached)
            return;
        var group = _clusterer.Assign(_groups, embedding!);
        _members.Add((group.Id, label, kind, embedding!));
    }

    /// <summary>The groups a tenant admin would name: each whose majority of crops shows one removed SKU, with that SKU.</summary>
    /// <param name="perGroup">Crops of a named group that become reference vectors (its latest ones).</param>
    public IReadOnlyList<(string Class, IReadOnlyList<float[]> Embeddings)> NamedGroups(int perGroup) =>
        _members.GroupBy(m => m.Group)
            .Select(g => (Members: g.ToList(), Majority: g.GroupBy(m => (m.Class, m.Kind)).MaxBy(c => c.Count())!))
            .Where(g => g.Majority.Key.Kind == CropKind.Removed && g.Majority.Count() * 2 > g.Members.Count)
            .Select(g => (g.Majority.Key.Class, (IReadOnlyList<float[]>)g.Members.TakeLast(perGroup).Select(m => m.Embedding).ToList()))
            .ToList();

    public InboxReport Report()
    {
        var groups = _members.GroupBy(m => m.Group).ToList();
        var pure = groups.Where(g => g.Select(m => (m.Class, m.Kind)).Distinct().Count() == 1).Select(g => g.Key).ToHashSet();
        var removedInInbox = _members.Where(m => m.Kind == CropKind.Removed).ToList();
        (int Crops, int Unknown) Of(CropKind kind) => _counts.GetValueOrDefault(kind);
        return new InboxReport(
            threshold,
            Of(CropKind.Removed).Crops, Share(Of(CropKind.Removed).Unknown, Of(CropKind.Removed).Crops),
            Share(removedInInbox.Count(m => pure.Contains(m.Group)), removedInInbox.Count),
            groups.Count, pure.Count,
            Of(CropKind.Stranger).Crops, Share(Of(CropKind.Stranger).Unknown, Of(CropKind.Stranger).Crops),
            Of(CropKind.Catalog).Crops, Share(Of(CropKind.Catalog).Unknown, Of(CropKind.Catalog).Crops));
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
}

/// <param name="RemovedReachedInbox">Share of the removed SKUs' crops answered unknown (they reach the inbox).</param>
/// <param name="RemovedInSingleProductGroups">Of those, the share in groups holding crops of one product only.</param>
/// <param name="CatalogInInbox">Share of the catalog's crops answered unknown too (noise in the inbox).</param>
public sealed record InboxReport(
    double Threshold, int RemovedCrops, double RemovedReachedInbox, double RemovedInSingleProductGroups, int Groups, int SingleProductGroups,
    int StrangerCrops, double StrangersReachedInbox, int CatalogCrops, double CatalogInInbox);
