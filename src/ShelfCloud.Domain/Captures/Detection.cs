using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Captures;

/// <summary>One product found in a capture, its predicted SKU and the ranked alternatives.</summary>
public sealed class Detection : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CaptureId { get; set; }
    public float X1 { get; set; }
    public float Y1 { get; set; }
    public float X2 { get; set; }
    public float Y2 { get; set; }
    public float DetectorScore { get; set; }

    /// <summary>The detector's class name (the default detector's are "product" and "empty"); null when it gave none.</summary>
    public string? DetectorClass { get; set; }
    public Guid? PredictedSkuId { get; set; }

    /// <summary>True when the crop matched no SKU of the tenant well enough (open set): no predicted SKU, candidates kept.</summary>
    public bool Unknown { get; set; }
    public float FinalScore { get; set; }
    public ReviewStatus ReviewStatus { get; set; }

    /// <summary>The realgram's first SKU, before the second-level ranker and tracking (null when unknown or not recorded).</summary>
    public Guid? RealgramSkuId { get; set; }

    /// <summary>The second-level ranker's choice, before tracking.</summary>
    public Guid? RankerSkuId { get; set; }

    /// <summary>Which ranker chose ("realgram" for the fallback); null for predictions made before the ranker existed.</summary>
    public string? RankerVersion { get; set; }

    /// <summary>
    /// The candidates' ranker features as the ranker saw them (JSON rows, in candidate order): what the tenant's
    /// ranker learns from once an annotator decides.
    /// </summary>
    public string? RankerFeatures { get; set; }

    /// <summary>The facing's track across the camera's captures; null when it was not tracked.</summary>
    public Guid? TrackId { get; set; }

    /// <summary>When the track began: the same product has stood here since.</summary>
    public DateTimeOffset? TrackSince { get; set; }

    /// <summary>True when tracking kept the track's SKU although this photo alone pointed elsewhere.</summary>
    public bool KeptByTracking { get; set; }

    /// <summary>
    /// The crop's embedding (<see cref="Recognition.Int8Vector"/>), kept for products so a back-fill can score the crop
    /// again when the catalog or the annotations change, without the photo; null for captures recognised before it was kept.
    /// </summary>
    public string? Embedding { get; set; }

    /// <summary>The unknown-product inbox group the crop joined when it was answered unknown.</summary>
    public Guid? UnknownGroupId { get; set; }

    /// <summary>The top-K candidates, best final score first; kept to explain the prediction.</summary>
    public List<DetectionCandidate> Candidates { get; set; } = [];

    public BoundingBox Box => new(X1, Y1, X2, Y2);
}

/// <summary>A candidate SKU for a detection with the visual score, the realgram coefficient and the fused score.</summary>
public sealed class DetectionCandidate
{
    public Guid SkuId { get; set; }
    public float VisualScore { get; set; }
    public float RealgramCoefficient { get; set; }
    public float FinalScore { get; set; }
}
