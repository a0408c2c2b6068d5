using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Recognition;

/// <summary>
/// One search of a tenant's realgram parameters against its annotators' decisions: the settings before and the best
/// found, each scored on held-out decisions; applied only when the best did better.
/// </summary>
public sealed class RealgramTuningRun : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset RanAt { get; set; }

    /// <summary>Decisions the search chose on, and the later ones it was checked on.</summary>
    public int SearchDecisions { get; set; }

    public int HeldOutDecisions { get; set; }

    /// <summary>Top-1 against the annotators on the held-out decisions with the settings in use before, and with the best found.</summary>
    public double BeforeTop1 { get; set; }

    public double AfterTop1 { get; set; }

    /// <summary>The settings before and the best found, as "window_days=30 half_life_hours=72 weight=0.15 overlap=IoU".</summary>
    public string Before { get; set; } = "";

    public string After { get; set; } = "";

    public bool Applied { get; set; }
}
