namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>Argument checks shared by the index entry points.</summary>
internal static class VectorChecks
{
    public static void RequireFinite(float[]? vector, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(vector, parameterName);
        if (vector.Length == 0)
        {
            throw new ArgumentException("A vector needs at least one dimension.", parameterName);
        }

        foreach (var value in vector)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("Vectors must not contain NaN or infinity.", parameterName);
            }
        }
    }

    public static void RequireDimension(IReadOnlyList<float[]> queries, int dimension)
    {
        foreach (var query in queries)
        {
            if (query.Length != dimension)
            {
                throw new ArgumentException($"Query has {query.Length} dimensions; this tenant's vectors have {dimension}.", nameof(queries));
            }
        }
    }
}
