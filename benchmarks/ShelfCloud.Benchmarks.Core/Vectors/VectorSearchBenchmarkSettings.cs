namespace ShelfCloud.Benchmarks.Core.Vectors;

/// <summary>Sizes of a <see cref="VectorSearchBenchmark"/> run. Figure names keep "100k" and "1m" whatever the sizes.</summary>
/// <param name="Dimension">Vector dimension.</param>
/// <param name="SmallCount">Vectors for the "100k" figures.</param>
/// <param name="LargeCount">Vectors for the "1m" figure (the small set plus more).</param>
/// <param name="BatchSize">Queries per batched search (the "q64" figures).</param>
/// <param name="Limit">K of each search.</param>
/// <param name="Repetitions">Timed searches per figure.</param>
/// <param name="Seed">Seed of the random vectors.</param>
public sealed record VectorSearchBenchmarkSettings(
    int Dimension = 256,
    int SmallCount = 100_000,
    int LargeCount = 1_000_000,
    int BatchSize = 64,
    int Limit = 10,
    int Repetitions = 50,
    int Seed = 42);
