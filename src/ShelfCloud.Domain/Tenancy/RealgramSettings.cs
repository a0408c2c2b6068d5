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

    /// <summary>How an annotated box's overlap with the crop makes the spatial coefficient.</summary>
    public RealgramOverlap Overlap { get; set; } = RealgramOverlap.IoU;

    /// <summary>How many visual candidates are kept per detection.</summary>
    public int TopK { get; set; } = 10;

    /// <summary>The settings in one line: "window_days=30 half_life_hours=72 weight=0.15 overlap=IoU".</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"window_days={WindowDays} half_life_hours={HalfLifeHours} weight={Weight} overlap={Overlap}");

    /// <summary>A copy (the settings are an owned, mutable entity part).</summary>
    public RealgramSettings Copy() => (RealgramSettings)MemberwiseClone();
}

/// <summary>The spatial coefficient's form.</summary>
public enum RealgramOverlap
{
    /// <summary>Intersection over union of the annotated box and the crop.</summary>
    IoU,

    /// <summary>Share of the crop the annotated box covers (forgives a box drawn larger or smaller).</summary>
    CropCoverage,
}
