namespace ShelfCloud.Benchmarks.Core.Portal;

/// <summary>The size of the portal benchmark's tenant and how often each query is timed.</summary>
/// <param name="Detections">Detections to seed (approximately: whole captures are written).</param>
/// <param name="Stores">Stores of the tenant.</param>
/// <param name="ShelvesPerStore">Shelves (one camera each) per store.</param>
/// <param name="SlotsPerShelf">Facings on a full shelf, in three rows.</param>
/// <param name="Brands">Brands in the catalog, 20 SKUs each, over five categories.</param>
/// <param name="ReviewedShare">Share of detections an annotator reviewed.</param>
/// <param name="Repetitions">Timed runs per query after one warm-up; the figures are their median.</param>
/// <param name="CaptureIntervalMinutes">Minutes between two captures of a shelf.</param>
/// <param name="Seed">Random seed: the same settings give the same data.</param>
/// <param name="CatalogSkus">
/// SKUs in the catalog in all: the shelves' SKUs plus a long tail that is listed, searched and filtered but never on a
/// shelf (a retailer's full assortment).
/// </param>
public sealed record PortalBenchmarkSettings(
    int Detections = 1_000_000,
    int Stores = 5,
    int ShelvesPerStore = 10,
    int SlotsPerShelf = 33,
    int Brands = 20,
    double ReviewedShare = 0.05,
    int Repetitions = 7,
    int CaptureIntervalMinutes = 30,
    int Seed = 2026,
    int CatalogSkus = 20_000)
{
    /// <summary>SKUs per brand.</summary>
    public const int SkusPerBrand = 20;

    /// <summary>Shelves of the tenant.</summary>
    public int Shelves => Stores * ShelvesPerStore;
}
