namespace ShelfCloud.Infrastructure.Share;

/// <summary>What share of shelf is counted by.</summary>
public enum ShareGrouping
{
    /// <summary>Per brand.</summary>
    Brand,

    /// <summary>Per manufacturer.</summary>
    Manufacturer,
}

/// <summary>The catalog attributes share of shelf groups and filters by.</summary>
public sealed record ShareSku(string Brand, string Manufacturer, string Category)
{
    /// <summary>A SKU the catalog no longer has.</summary>
    public static ShareSku Unknown { get; } = new("", "", "");
}

/// <summary>
/// Which figures a viewer may see by name. Everyone inside the tenant who monitors stores sees every brand; a supplier
/// sees the brands and manufacturers of its supplier scopes, and everything else only as part of "Others".
/// </summary>
public sealed class ShareVisibility
{
    private readonly IReadOnlySet<string> _brands;
    private readonly IReadOnlySet<string> _manufacturers;

    private ShareVisibility(bool seesEverything, IReadOnlySet<string> brands, IReadOnlySet<string> manufacturers)
    {
        SeesEverything = seesEverything;
        _brands = brands;
        _manufacturers = manufacturers;
    }

    /// <summary>Store monitors, and system callers (jobs, CLI) that act for no user.</summary>
    public static ShareVisibility Everything { get; } = new(true, new HashSet<string>(), new HashSet<string>());

    /// <summary>True when no figure is folded into Others.</summary>
    public bool SeesEverything { get; }

    /// <summary>The supplier's brands, sorted.</summary>
    public IReadOnlyList<string> Brands => _brands.Order(StringComparer.Ordinal).ToList();

    /// <summary>The supplier's manufacturers, sorted.</summary>
    public IReadOnlyList<string> Manufacturers => _manufacturers.Order(StringComparer.Ordinal).ToList();

    /// <summary>A supplier limited to these brands and manufacturers (none: everything is Others).</summary>
    public static ShareVisibility Supplier(IEnumerable<string> brands, IEnumerable<string> manufacturers) =>
        new(false, brands.ToHashSet(StringComparer.Ordinal), manufacturers.ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Whether the SKU's figures may be shown under its own key. By brand: a scoped brand, or any brand of a scoped
    /// manufacturer. By manufacturer: a scoped manufacturer only — a brand scope alone must not reveal the rest of its
    /// manufacturer's range.
    /// </summary>
    public bool Shows(ShareSku sku, ShareGrouping by) =>
        SeesEverything || _manufacturers.Contains(sku.Manufacturer) || (by == ShareGrouping.Brand && _brands.Contains(sku.Brand));
}
