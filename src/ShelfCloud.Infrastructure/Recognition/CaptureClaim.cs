namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// A capture claimed for one recognition job: its id and the <c>Version</c> the claim wrote. Only a run holding the
/// capture's current version may record its outcome, so a duplicate or late run of an old claim writes nothing.
/// </summary>
public sealed record CaptureClaim(Guid CaptureId, Guid Version);
