namespace ShelfCloud.Domain.Shelves;

/// <summary>
/// What the tracker remembers about a SKU that was missing from the latest capture(s); persisted
/// between captures so a stateless worker can resume tracking.
/// </summary>
/// <param name="SkuId">The SKU.</param>
/// <param name="MissingSince">Time of the first capture in the run without it.</param>
/// <param name="ConsecutiveMisses">Captures in a row without it.</param>
/// <param name="IsRaised">True once the alert has been raised.</param>
public sealed record MissingSkuState(Guid SkuId, DateTimeOffset MissingSince, int ConsecutiveMisses, bool IsRaised);
