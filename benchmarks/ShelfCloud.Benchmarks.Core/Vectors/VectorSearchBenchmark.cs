using System.Diagnostics;
using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Benchmarks.Core.Vectors;

/// <summary>
/// Measures <see cref="EmbeddedVectorIndex"/> on random L2-normalised vectors in one tenant. Figures:
/// <c>search_ms_p50_100k_q1</c>, <c>search_ms_p50_100k_q64</c>, <c>search_ms_p99_100k_q64</c>,
/// <c>simd_speedup</c> (a plain scalar loop's time over the index's, both on one thread and the same
/// data and queries), <c>search_ms_p50_1m_q64</c> and <c>bytes_per_vector</c>.
/// </summary>
public sealed class VectorSearchBenchmark
{
    /// <summary>Runs every measurement and returns the figures by name.</summary>
    public IReadOnlyDictionary<string, double> Run(VectorSearchBenchmarkSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.LargeCount, settings.SmallCount);
        var random = new Random(settings.Seed);
        var tenant = Guid.NewGuid();
        var filter = new VectorFilter(tenant);
        var figures = new Dictionary<string, double>();
        var small = RandomUnitVectors(random, settings.SmallCount, settings.Dimension);
        var singleQueries = RandomUnitVectors(random, settings.Repetitions, settings.Dimension);
        var batch = RandomUnitVectors(random, settings.BatchSize, settings.Dimension);

        using var index = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions());
        Insert(index, tenant, small);
        figures["search_ms_p50_100k_q1"] = Percentile(TimeEach(settings.Repetitions, i => Search(index, [singleQueries[i]], filter, settings.Limit)), 50);
        var batchTimes = TimeEach(settings.Repetitions, _ => Search(index, batch, filter, settings.Limit));
        figures["search_ms_p50_100k_q64"] = Percentile(batchTimes, 50);
        figures["search_ms_p99_100k_q64"] = Percentile(batchTimes, 99);
        figures["simd_speedup"] = SimdSpeedup(small, batch, tenant, settings);
        figures["bytes_per_vector"] = index.GetStatistics(tenant).BytesPerVector;
        cancellationToken.ThrowIfCancellationRequested();

        small = [];
        for (var added = settings.SmallCount; added < settings.LargeCount; added += 10_000)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Insert(index, tenant, RandomUnitVectors(random, Math.Min(10_000, settings.LargeCount - added), settings.Dimension));
        }

        figures["search_ms_p50_1m_q64"] = Percentile(TimeEach(Math.Max(3, settings.Repetitions / 5), _ => Search(index, batch, filter, settings.Limit)), 50);
        return figures;
    }

    private static double SimdSpeedup(float[][] vectors, float[][] queries, Guid tenant, VectorSearchBenchmarkSettings settings)
    {
        using var singleThreaded = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions { MaxDegreeOfParallelism = 1 });
        Insert(singleThreaded, tenant, vectors);
        var filter = new VectorFilter(tenant);
        var indexMs = Percentile(TimeEach(Math.Max(3, settings.Repetitions / 5), _ => Search(singleThreaded, queries, filter, settings.Limit)), 50);
        var scalarMs = Percentile(TimeEach(2, _ => ScalarTopK(vectors, queries, settings.Limit)), 50);
        return scalarMs / indexMs;
    }

    /// <summary>The baseline: one multiply-add at a time, top-K kept in a sorted array.</summary>
    private static void ScalarTopK(float[][] vectors, float[][] queries, int limit)
    {
        var best = new float[limit];
        foreach (var query in queries)
        {
            Array.Fill(best, float.NegativeInfinity);
            foreach (var vector in vectors)
            {
                var dot = 0f;
                for (var d = 0; d < vector.Length; d++)
                {
                    dot += query[d] * vector[d];
                }

                if (dot <= best[limit - 1])
                {
                    continue;
                }

                var slot = limit - 1;
                for (; slot > 0 && best[slot - 1] < dot; slot--)
                {
                    best[slot] = best[slot - 1];
                }

                best[slot] = dot;
            }
        }
    }

    private static void Search(EmbeddedVectorIndex index, float[][] queries, VectorFilter filter, int limit) =>
        index.SearchAsync(queries, filter, limit).GetAwaiter().GetResult();

    private static void Insert(EmbeddedVectorIndex index, Guid tenant, float[][] vectors)
    {
        var payload = new VectorPayload(tenant, Guid.NewGuid(), null, null, VectorSource.Reference);
        var points = vectors.Select(vector => new VectorPoint(Guid.NewGuid(), vector, payload)).ToList();
        index.UpsertAsync(points).GetAwaiter().GetResult();
    }

    private static double[] TimeEach(int repetitions, Action<int> action)
    {
        action(0);
        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action(i);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times;
    }

    private static double Percentile(double[] samples, double percentile)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static float[][] RandomUnitVectors(Random random, int count, int dimension)
    {
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var vector = new float[dimension];
            for (var d = 0; d < dimension; d++)
            {
                // Box-Muller: Gaussian components make the direction uniform on the sphere.
                vector[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
            vectors[i] = vector;
        }

        return vectors;
    }
}
