using ShelfCloud.Domain.Recognition;
using ShelfCloud.Infrastructure.Availability;

namespace ShelfCloud.Infrastructure.Dashboard;

/// <summary>One day of the acceptance-rate trend: reviewed predictions of the captures taken that day.</summary>
public sealed record AcceptanceDay(DateOnly Day, AcceptanceRate Rate);

/// <summary>A store's line on the dashboard.</summary>
/// <param name="Availability">Products and empty facings of each shelf's latest analysed capture, pooled.</param>
public sealed record StoreOverview(Guid StoreId, string Name, int Shelves, AvailabilityCell Availability, int OpenOutOfStock, int CamerasOffline);

/// <summary>A camera that has not sent a capture for two of its intervals.</summary>
public sealed record OfflineCamera(Guid CameraId, string Name, string StoreName, string ShelfName, DateTimeOffset? LastSeenAt);

/// <summary>
/// The overview of a tenant for the people who run its stores: availability now, open out-of-stock events, how well
/// recognition is accepted, how much was processed, and which cameras are silent.
/// </summary>
/// <param name="UnknownProducts">Products of the shelves' latest captures that match no SKU of the catalog (open set).</param>
public sealed record TenantDashboard(
    int Stores, int Shelves, int Cameras, int CamerasOnline,
    AvailabilityCell Availability, int ShelvesMeasured, int OpenOutOfStock, int UnknownProducts,
    int CapturesLast24Hours, int CapturesLast7Days, int CapturesWaiting, int CapturesFailed,
    AcceptanceRate Acceptance, IReadOnlyList<AcceptanceDay> AcceptanceTrend,
    IReadOnlyList<StoreOverview> ByStore, IReadOnlyList<OfflineCamera> OfflineCameras)
{
    /// <summary>Days in the acceptance trend.</summary>
    public const int TrendDays = 14;

    /// <summary>Online cameras whose latest recognised photo is poor (blurred, dark, covered, moved, …).</summary>
    public int CamerasNeedingAttention { get; init; }

    /// <summary>Cameras that are not online.</summary>
    public int CamerasOffline => Cameras - CamerasOnline;
}
