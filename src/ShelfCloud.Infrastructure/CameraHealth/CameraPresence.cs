namespace ShelfCloud.Infrastructure.CameraHealth;

/// <summary>Whether a camera is sending photos.</summary>
public static class CameraPresence
{
    /// <summary>Online: a capture within two of the camera's intervals.</summary>
    public static bool IsOnline(DateTimeOffset? lastSeenAt, int captureIntervalMinutes, DateTimeOffset now) =>
        lastSeenAt is { } seen && now - seen <= TimeSpan.FromMinutes(2 * captureIntervalMinutes);
}
