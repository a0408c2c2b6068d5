namespace ShelfCloud.Domain.Tenancy;

/// <summary>Per-tenant parameters of the realgram correction (see docs/architecture.md, "Realgram").</summary>
public sealed class RealgramSettings
{
    /// <summary>Annotations older than this are ignored.</summary>
    public int WindowDays { get; set; } = 30;

    /// <summary>Age at which an annotation's temporal coefficient has halved.</summary>
    public double HalfLifeHours { get; set; } = 72;

    /// <summary>Weight w in final(p) = similarity(p) + w · c_p.</summary>
    public double Weight { get; set; } = 0.15;

    /// <summary>How many visual candidates are kept per detection.</summary>
    public int TopK { get; set; } = 10;
}
