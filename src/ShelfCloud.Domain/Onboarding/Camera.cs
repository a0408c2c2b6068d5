using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Onboarding;

/// <summary>A camera photographing one shelf. Its API key is stored only as a hash.</summary>
public sealed class Camera : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ShelfId { get; set; }
    public Shelf? Shelf { get; set; }
    public required string Name { get; set; }

    /// <summary>SHA-256 of the raw key, hex. The raw key is shown once and never stored.</summary>
    public required string ApiKeyHash { get; set; }

    /// <summary>The key's first characters, so people can tell keys apart without revealing them.</summary>
    public required string ApiKeyPrefix { get; set; }

    public DateTimeOffset KeyIssuedAt { get; set; }
    public bool IsRevoked { get; set; }
    public int CaptureIntervalMinutes { get; set; } = 30;
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>When the camera was reported offline (it sent nothing for two intervals); null while it is online.</summary>
    public DateTimeOffset? OfflineSince { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
