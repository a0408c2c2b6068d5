using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition;

/// <summary>
/// The headline metric: of the predictions annotators reviewed, the share they accepted unchanged.
/// Corrected and rejected predictions count as reviewed and not accepted; unreviewed ones are left out.
/// </summary>
/// <param name="Accepted">Reviewed predictions accepted unchanged.</param>
/// <param name="Reviewed">All reviewed predictions.</param>
public readonly record struct AcceptanceRate(int Accepted, int Reviewed)
{
    /// <summary>Accepted / Reviewed; null when nothing was reviewed (no rate rather than a fake 0 %).</summary>
    public double? Rate => Reviewed == 0 ? null : (double)Accepted / Reviewed;

    /// <summary>The rate over a set of review outcomes.</summary>
    public static AcceptanceRate Of(IEnumerable<ReviewStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        int accepted = 0, reviewed = 0;
        foreach (var status in statuses.Where(s => s != ReviewStatus.Unreviewed))
        {
            reviewed++;
            if (status == ReviewStatus.Accepted)
            {
                accepted++;
            }
        }

        return new AcceptanceRate(accepted, reviewed);
    }

    /// <summary>
    /// The rate per key (store, shelf, category, model version, week…). Keys whose items are all
    /// unreviewed are absent.
    /// </summary>
    public static IReadOnlyDictionary<TKey, AcceptanceRate> GroupBy<T, TKey>(
        IEnumerable<T> items,
        Func<T, TKey> keyOf,
        Func<T, ReviewStatus> statusOf)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(keyOf);
        ArgumentNullException.ThrowIfNull(statusOf);
        return items
            .Where(i => statusOf(i) != ReviewStatus.Unreviewed)
            .GroupBy(keyOf)
            .ToDictionary(g => g.Key, g => Of(g.Select(statusOf)));
    }
}
