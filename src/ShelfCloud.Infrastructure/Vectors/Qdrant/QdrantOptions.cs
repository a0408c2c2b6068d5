namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>Where and how <see cref="QdrantVectorIndex"/> reaches Qdrant.</summary>
public sealed class QdrantOptions
{
    /// <summary>Base address of Qdrant's REST API, e.g. http://localhost:6333.</summary>
    public Uri Url { get; set; } = new("http://localhost:6333");

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Collection name: one collection per embedder model, shared by all tenants.</summary>
    public string Collection { get; set; } = "";

    /// <summary>The embedder's output dimension; the collection is created with it.</summary>
    public int Dimension { get; set; }

    /// <summary>Attempts per request, the first included, when Qdrant answers 429/5xx or the connection fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Points per upsert request.</summary>
    public int UpsertBatchSize { get; set; } = 256;
}
