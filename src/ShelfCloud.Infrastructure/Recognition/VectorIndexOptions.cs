using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Infrastructure.Vectors.Qdrant;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>Which vector index recognition searches: <c>Vectors:Provider</c> and that provider's settings.</summary>
public sealed class VectorIndexOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Vectors";

    /// <summary>The index implementation; an explicit setting, never guessed.</summary>
    public VectorIndexProvider Provider { get; set; } = VectorIndexProvider.Embedded;

    /// <summary><c>Vectors:Embedded:*</c>; the folder defaults to <c>$SHELFCLOUD_DATA/vectors</c>.</summary>
    public EmbeddedVectorIndexOptions Embedded { get; set; } = new();

    /// <summary><c>Vectors:Qdrant:*</c>: URL, API key, collection and dimension.</summary>
    public QdrantOptions Qdrant { get; set; } = new();

    internal IEnumerable<string> Problems()
    {
        if (Provider != VectorIndexProvider.Qdrant)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Qdrant.Collection))
        {
            yield return "Vectors:Qdrant:Collection is required when Vectors:Provider is Qdrant.";
        }

        if (Qdrant.Dimension < 1)
        {
            yield return "Vectors:Qdrant:Dimension (the embedder's output size) is required when Vectors:Provider is Qdrant.";
        }
    }
}

/// <summary>The vector index implementation.</summary>
public enum VectorIndexProvider
{
    /// <summary>The in-process exact index, persisted under the data folder: the embedded default.</summary>
    Embedded,

    /// <summary>A Qdrant server or cluster over its REST API: production.</summary>
    Qdrant,
}
