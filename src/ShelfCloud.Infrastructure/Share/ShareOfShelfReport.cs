using ShelfCloud.Domain.Shelves;

namespace ShelfCloud.Infrastructure.Share;

/// <summary>
/// A share-of-shelf question: grouped by brand or manufacturer, over the local days [<paramref name="From"/>,
/// <paramref name="To"/>], optionally one store and one category (the category total is then the 100 %).
/// </summary>
public sealed record ShareOfShelfQuery(ShareGrouping By, DateOnly From, DateOnly To, Guid? StoreId = null, string? Category = null)
{
    /// <summary>The longest period one query may cover.</summary>
    public const int MaxDays = 366;

    /// <summary>Number of days in the period.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The last <paramref name="days"/> days up to and including <paramref name="today"/>.</summary>
    public static ShareOfShelfQuery LastDays(DateOnly today, int days, ShareGrouping by = ShareGrouping.Brand, Guid? storeId = null, string? category = null) =>
        new(by, today.AddDays(1 - days), today, storeId, category);
}

/// <summary>One day's shares.</summary>
public sealed record ShareTrendPoint(DateOnly Day, IReadOnlyList<ShelfShare> Shares);

/// <summary>Shares over the whole period and per day, as the viewer may see them.</summary>
/// <param name="Query">The question answered.</param>
/// <param name="Visibility">Whose view this is; for a supplier, every other key is inside the Others row.</param>
/// <param name="Shares">The period's shares, largest linear share first, Others last.</param>
/// <param name="Trend">Per day with data, oldest first.</param>
public sealed record ShareOfShelfReport(
    ShareOfShelfQuery Query, ShareVisibility Visibility, IReadOnlyList<ShelfShare> Shares, IReadOnlyList<ShareTrendPoint> Trend)
{
    /// <summary>The label of a SKU without a brand or manufacturer.</summary>
    public const string Unlabelled = "(none)";
}
