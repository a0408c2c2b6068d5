using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>
/// A ranker trained from one tenant's annotator decisions, with how it did on the latest decisions it was not trained
/// on against the ranker it would replace. Only an adopted model ranks; every training run is kept.
/// </summary>
public sealed class TenantRankerModel : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Version { get; set; } = "";

    /// <summary>The <see cref="RankerModel"/> JSON.</summary>
    public string ModelJson { get; set; } = "";

    public DateTimeOffset TrainedAt { get; set; }

    /// <summary>Decisions it was trained on.</summary>
    public int TrainingFacings { get; set; }

    /// <summary>The latest decisions, held out to compare the two rankers.</summary>
    public int HeldOutFacings { get; set; }

    public double HeldOutTop1 { get; set; }

    /// <summary>The ranker in use when it was trained, and its top-1 on the same held-out decisions.</summary>
    public string BaselineVersion { get; set; } = "";

    public double BaselineTop1 { get; set; }

    /// <summary>True when it beat the baseline and ranks the tenant's facings.</summary>
    public bool Adopted { get; set; }
}
