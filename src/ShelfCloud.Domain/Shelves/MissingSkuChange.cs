namespace ShelfCloud.Domain.Shelves;

/// <summary>Whether a missing-SKU alert starts or ends.</summary>
public enum MissingSkuChangeKind
{
    /// <summary>The SKU has been absent from enough consecutive captures to call it out of stock.</summary>
    Raised,

    /// <summary>The SKU is on the shelf again.</summary>
    Cleared,
}

/// <summary>A missing-SKU alert starting or ending at one capture.</summary>
/// <param name="SkuId">The SKU of the shelf's product list.</param>
/// <param name="Kind">Raised or cleared.</param>
/// <param name="At">Time of the capture that caused the change.</param>
/// <param name="MissingSince">Time of the first capture in the run that did not show the SKU.</param>
/// <param name="ConsecutiveMisses">Captures in a row without the SKU, up to and excluding a clearing capture.</param>
public sealed record MissingSkuChange(
    Guid SkuId,
    MissingSkuChangeKind Kind,
    DateTimeOffset At,
    DateTimeOffset MissingSince,
    int ConsecutiveMisses)
{
    /// <summary>How long the SKU had been missing when this change happened; for a clearing, the time to refill.</summary>
    public TimeSpan MissingFor => At - MissingSince;
}
