using ShelfCloud.Infrastructure.Vectors.Qdrant;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Vectors;

/// <summary>
/// The contract against a real Qdrant, when <c>QDRANT_URL</c> (and optionally <c>QDRANT_API_KEY</c>)
/// names one; each test reports itself skipped otherwise. The tests share one throw-away collection.
/// </summary>
public sealed class QdrantVectorIndexContractTests(QdrantCollectionFixture collection)
    : VectorIndexContract, IClassFixture<QdrantCollectionFixture>
{
    protected override Task<IVectorIndex> CreateIndexAsync()
    {
        if (collection.Options is null)
        {
            Assert.Skip("QDRANT_URL not set: the Qdrant contract tests need a running Qdrant (e.g. QDRANT_URL=http://localhost:6333).");
        }

        return Task.FromResult<IVectorIndex>(new QdrantVectorIndex(collection.Http, collection.Options));
    }
}

/// <summary>A collection for one run of the Qdrant contract tests, deleted afterwards.</summary>
public sealed class QdrantCollectionFixture : IAsyncDisposable
{
    public QdrantCollectionFixture()
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL");
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        Options = new QdrantOptions
        {
            Url = new Uri(url),
            ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
            Collection = "shelfcloud-contract-" + Guid.NewGuid().ToString("N"),
            Dimension = VectorIndexContract.Dimension,
        };
    }

    public HttpClient Http { get; } = new();

    public QdrantOptions? Options { get; }

    public async ValueTask DisposeAsync()
    {
        if (Options is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(Options.Url, "collections/" + Options.Collection));
            if (Options.ApiKey is not null)
            {
                request.Headers.Add("api-key", Options.ApiKey);
            }

            using var response = await Http.SendAsync(request);
        }

        Http.Dispose();
    }
}
