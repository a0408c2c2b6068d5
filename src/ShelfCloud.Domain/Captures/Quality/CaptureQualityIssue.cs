namespace ShelfCloud.Domain.Captures.Quality;

/// <summary>The issue names of the capture API's <c>quality.issues</c> (a contract: add, never rename).</summary>
public static class CaptureQualityIssue
{
    public const string Blur = "blur";
    public const string Dark = "dark";
    public const string Overexposed = "overexposed";
    public const string Covered = "covered";
    public const string Duplicate = "duplicate";
    public const string Moved = "moved";
    public const string Occluded = "occluded";
}

/// <summary>Whether a capture can be trusted as evidence of what the shelf holds.</summary>
public enum CaptureQualityStatus
{
    /// <summary>Recognised before quality was measured, or not recognised yet.</summary>
    Unmeasured,
    Ok,

    /// <summary>Kept for the record, but no evidence for out-of-stock, availability or share.</summary>
    Poor,
}
