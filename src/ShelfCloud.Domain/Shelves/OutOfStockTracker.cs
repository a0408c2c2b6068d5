namespace ShelfCloud.Domain.Shelves;

/// <summary>
/// Turns successive captures of one shelf into missing-SKU alerts with hysteresis: a SKU of the
/// shelf's product list must be absent from <c>capturesToRaise</c> captures in a row before an
/// alert is raised (one missed recognition is not an out-of-stock), and one capture showing it
/// again clears the alert.
/// </summary>
public sealed class OutOfStockTracker
{
    private readonly int _capturesToRaise;
    private readonly Dictionary<Guid, MissingSkuState> _missing;
    private DateTimeOffset? _lastCaptureAt;

    /// <summary>Creates a tracker, optionally resuming from persisted state.</summary>
    /// <param name="capturesToRaise">Consecutive captures without a SKU before its alert is raised (≥ 1).</param>
    /// <param name="state">The <see cref="State"/> saved after the previous capture.</param>
    public OutOfStockTracker(int capturesToRaise, IEnumerable<MissingSkuState>? state = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capturesToRaise, 1);
        _capturesToRaise = capturesToRaise;
        _missing = (state ?? []).ToDictionary(s => s.SkuId);
    }

    /// <summary>The SKUs currently missing, to persist between captures.</summary>
    public IReadOnlyCollection<MissingSkuState> State => _missing.Values;

    /// <summary>
    /// Records one capture. A SKU is tracked while it is on <paramref name="expectedSkus"/>; an
    /// alert already raised stays open until the SKU is seen again even if the product list has
    /// since dropped it (a long out-of-stock ages out of the realgram window, yet is still missing).
    /// </summary>
    /// <param name="capturedAt">Capture time; captures must come in time order (checked within one tracker instance).</param>
    /// <param name="expectedSkus">The shelf's product list at this capture.</param>
    /// <param name="recognisedSkus">The SKUs recognised in this capture.</param>
    /// <returns>The alerts raised or cleared by this capture.</returns>
    public IReadOnlyList<MissingSkuChange> Observe(
        DateTimeOffset capturedAt,
        IEnumerable<Guid> expectedSkus,
        IEnumerable<Guid> recognisedSkus)
    {
        ArgumentNullException.ThrowIfNull(expectedSkus);
        ArgumentNullException.ThrowIfNull(recognisedSkus);
        if (capturedAt < _lastCaptureAt)
        {
            throw new ArgumentOutOfRangeException(nameof(capturedAt), capturedAt, "Captures must be observed in time order.");
        }

        _lastCaptureAt = capturedAt;
        var seen = recognisedSkus.ToHashSet();
        var changes = new List<MissingSkuChange>();
        var tracked = expectedSkus.Concat(_missing.Values.Where(s => s.IsRaised).Select(s => s.SkuId)).Distinct().ToList();

        foreach (var skuId in _missing.Keys.Except(tracked).ToList())
        {
            _missing.Remove(skuId);
        }

        foreach (var skuId in tracked)
        {
            var state = _missing.GetValueOrDefault(skuId);
            if (seen.Contains(skuId))
            {
                if (state is { IsRaised: true })
                {
                    changes.Add(new(skuId, MissingSkuChangeKind.Cleared, capturedAt, state.MissingSince, state.ConsecutiveMisses));
                }

                _missing.Remove(skuId);
                continue;
            }

            state = state is null
                ? new MissingSkuState(skuId, capturedAt, 1, false)
                : state with { ConsecutiveMisses = state.ConsecutiveMisses + 1 };
            if (!state.IsRaised && state.ConsecutiveMisses >= _capturesToRaise)
            {
                state = state with { IsRaised = true };
                changes.Add(new(skuId, MissingSkuChangeKind.Raised, capturedAt, state.MissingSince, state.ConsecutiveMisses));
            }

            _missing[skuId] = state;
        }

        return changes;
    }
}
