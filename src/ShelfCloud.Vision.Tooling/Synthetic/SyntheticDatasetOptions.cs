namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>What <c>shelfcloud synth</c> generates. Everything is a function of these values: same options, same files.</summary>
/// <param name="CropsFolder">An ImageFolder of real product photos: its classes become the SKUs and each facing shows one of its photos.</param>
public sealed record SyntheticDatasetOptions(string OutputDirectory, int Seed, int Shelves, int Skus = 60, int Days = 0, string? CropsFolder = null)
{
    /// <summary>Capture hours rendered per day in <see cref="Days"/> mode.</summary>
    public static readonly int[] CaptureHours = [8, 14, 20];

    /// <summary>Day 0 of a time series, so timestamps are reproducible.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
}
