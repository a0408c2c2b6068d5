using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Captures;

/// <summary>
/// The facing tracks a camera's latest recognised capture left behind, which its next capture continues
/// (see <c>Domain.Recognition.Tracking</c>). One row per camera.
/// </summary>
public sealed class CameraTrackState : ITenantOwned
{
    public Guid CameraId { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The capture the tracks were last updated by.</summary>
    public Guid CaptureId { get; set; }

    /// <summary>When that capture was taken: an older capture recognised late does not overwrite newer tracks.</summary>
    public DateTimeOffset CapturedAt { get; set; }

    /// <summary>The tracks as written by <c>FacingTrackJson</c>.</summary>
    public string Tracks { get; set; } = "[]";
}
