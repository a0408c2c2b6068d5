using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Analytics;

/// <summary>
/// One SKU in one analysed capture: how many facings it has and how much shelf width they take. The rows that share
/// of shelf and missing-SKU tracking read instead of the detections.
/// </summary>
public sealed class CaptureSkuFacings : ITenantOwned
{
    public Guid CaptureId { get; set; }
    public Guid SkuId { get; set; }
    public Guid TenantId { get; set; }
    public Guid StoreId { get; set; }
    public Guid ShelfId { get; set; }
    public DateTimeOffset TakenAt { get; set; }

    /// <summary>The capture's calendar day in the store's time zone.</summary>
    public DateOnly Day { get; set; }

    public int Facings { get; set; }

    /// <summary>Sum of the facings' box widths, in pixels of the capture.</summary>
    public double LinearWidth { get; set; }
}
