namespace ShelfCloud.Infrastructure.Demo;

/// <summary>Section <c>Demo</c>: how much rendered shelf history the demo tenant gets, and what it is made of.</summary>
public sealed class DemoDataOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo tenant at start-up (Development default).</summary>
    public bool Seed { get; set; }

    /// <summary>Also render and ingest shelf photos, and annotate some as annotators would.</summary>
    public bool History { get; set; } = true;

    public int Days { get; set; } = 14;
    public int Skus { get; set; } = 40;
    public int RandomSeed { get; set; } = 2026;

    /// <summary>
    /// An ImageFolder of real product photos the demo's catalog and shelves are made of (default: the DemoPhotos folder
    /// beside the program, 40 Grocery Store products); empty or missing: drawn synthetic packshots.
    /// </summary>
    public string? ProductPhotos { get; set; } = Path.Combine(AppContext.BaseDirectory, "DemoPhotos");

    /// <summary>Photos of each product uploaded as its reference images (the others stand on the shelves).</summary>
    public int ReferencePhotos { get; set; } = 2;

    /// <summary>Every this many days the morning capture of each shelf is annotated.</summary>
    public int AnnotateEveryDays { get; set; } = 4;
}
