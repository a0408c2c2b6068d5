using System.Numerics.Tensors;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Vectors;

/// <summary>Seeded random unit vectors and a brute-force reference search.</summary>
internal sealed class TestVectors(int seed)
{
    private readonly Random _random = new(seed);

    public float[] Unit(int dimension)
    {
        var vector = new float[dimension];
        for (var d = 0; d < dimension; d++)
        {
            vector[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()));
        }

        return Normalised(vector);
    }

    public float[][] Units(int count, int dimension) => Enumerable.Range(0, count).Select(_ => Unit(dimension)).ToArray();

    /// <summary>A unit vector close to <paramref name="centre"/>: centre plus noise of the given size, renormalised.</summary>
    public float[] Near(float[] centre, float noise)
    {
        var offset = Unit(centre.Length);
        var vector = new float[centre.Length];
        for (var d = 0; d < centre.Length; d++)
        {
            vector[d] = centre[d] + (noise * offset[d]);
        }

        return Normalised(vector);
    }

    public static float[] Normalised(float[] vector)
    {
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    public static float Cosine(float[] a, float[] b) => TensorPrimitives.CosineSimilarity(a, b);

    /// <summary>Exhaustive top-K by cosine over the points, best first.</summary>
    public static List<(Guid Id, float Score)> ExactTopK(IEnumerable<VectorPoint> points, float[] query, int limit) =>
        points.Select(point => (point.Id, Score: Cosine(point.Vector, query)))
            .OrderByDescending(hit => hit.Score)
            .Take(limit)
            .ToList();
}
